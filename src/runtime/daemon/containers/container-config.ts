import type { ContainerCreateBody, HealthConfig, ImageConfig } from './docker-types.ts';
import { toStrSlice } from './process-args.ts';

/**
 * Docker's container `Config` (what inspect shows): the create request with
 * the image's defaults merged in, once, at create, as moby's daemon does.
 * Every later start builds its bundle from this and the HostConfig, so an
 * image retagged meanwhile does not change an existing container.
 */
export interface ContainerConfig {
  readonly Hostname: string;
  readonly Domainname: string;
  readonly User: string;
  readonly AttachStdin: boolean;
  readonly AttachStdout: boolean;
  readonly AttachStderr: boolean;
  readonly ExposedPorts?: Readonly<Record<string, object>>;
  readonly Tty: boolean;
  readonly OpenStdin: boolean;
  readonly StdinOnce: boolean;
  readonly Env: readonly string[];
  readonly Cmd: readonly string[] | null;
  readonly Healthcheck?: HealthConfig;
  readonly Image: string;
  readonly Volumes: Readonly<Record<string, object>> | null;
  readonly WorkingDir: string;
  readonly Entrypoint: readonly string[] | null;
  readonly OnBuild: null;
  readonly Labels: Readonly<Record<string, string>>;
  readonly StopSignal?: string;
  readonly StopTimeout?: number;
}

export function mergeContainerConfig(body: ContainerCreateBody, image: ImageConfig, shortId: string): ContainerConfig {
  const { entrypoint, cmd } = mergeCommand(body, image);
  const healthcheck = mergeHealthcheck(body.Healthcheck ?? undefined, image.Healthcheck ?? undefined);
  const exposed = { ...(image.ExposedPorts ?? {}), ...(body.ExposedPorts ?? {}) };
  const volumes = { ...(image.Volumes ?? {}), ...(body.Volumes ?? {}) };
  const stopSignal = body.StopSignal || image.StopSignal;
  return {
    Hostname: body.Hostname || shortId,
    Domainname: body.Domainname ?? '',
    User: body.User || image.User || '',
    AttachStdin: body.AttachStdin === true,
    AttachStdout: body.AttachStdout === true,
    AttachStderr: body.AttachStderr === true,
    ...(Object.keys(exposed).length > 0 ? { ExposedPorts: exposed } : {}),
    Tty: body.Tty === true,
    OpenStdin: body.OpenStdin === true,
    StdinOnce: body.StdinOnce === true,
    Env: mergeImageEnv(body.Env ?? [], image.Env ?? []),
    Cmd: cmd,
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    Image: body.Image ?? '',
    Volumes: Object.keys(volumes).length > 0 ? volumes : null,
    WorkingDir: body.WorkingDir || image.WorkingDir || '',
    Entrypoint: entrypoint,
    OnBuild: null,
    Labels: { ...(image.Labels ?? {}), ...(body.Labels ?? {}) },
    ...(stopSignal ? { StopSignal: stopSignal } : {}),
    ...(body.StopTimeout !== undefined && body.StopTimeout !== null ? { StopTimeout: body.StopTimeout } : {}),
  };
}

/**
 * Docker's rule (daemon/create.go): a request entrypoint replaces the
 * image's and drops the image's Cmd; without one, the request Cmd (or the
 * image's) follows the image entrypoint. An explicitly empty entrypoint
 * (`[]` or `[""]`) clears the image's.
 */
export function mergeCommand(body: ContainerCreateBody, image: ImageConfig): { entrypoint: readonly string[] | null; cmd: readonly string[] | null } {
  const entrypoint = toStrSlice(body.Entrypoint);
  const cmd = toStrSlice(body.Cmd);
  const cleared = entrypoint !== undefined && (entrypoint.length === 0 || (entrypoint.length === 1 && entrypoint[0] === ''));
  if (entrypoint === undefined || cleared) {
    return {
      entrypoint: cleared ? null : (image.Entrypoint ?? null),
      cmd: cmd !== undefined && cmd.length > 0 ? cmd : (image.Cmd ?? null),
    };
  }
  return { entrypoint, cmd: cmd ?? null };
}

/** The argv a container runs: entrypoint, then cmd. */
export function commandOf(config: Pick<ContainerConfig, 'Entrypoint' | 'Cmd'>): readonly string[] {
  return [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
}

/** The request's variables first, then the image's that the request did not set (moby's merge). */
export function mergeImageEnv(requestEnv: readonly string[], imageEnv: readonly string[]): string[] {
  const keys = new Set(requestEnv.map(envKey));
  return [...requestEnv, ...imageEnv.filter((e) => !keys.has(envKey(e)))];
}

function envKey(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

/** A request healthcheck inherits each unset field from the image's; no request healthcheck means the image's. */
export function mergeHealthcheck(request: HealthConfig | undefined, image: HealthConfig | undefined): HealthConfig | undefined {
  if (!request) return image;
  if (!image) return request;
  return {
    Test: request.Test && request.Test.length > 0 ? request.Test : image.Test,
    Interval: request.Interval || image.Interval,
    Timeout: request.Timeout || image.Timeout,
    StartPeriod: request.StartPeriod || image.StartPeriod,
    StartInterval: request.StartInterval || image.StartInterval,
    Retries: request.Retries || image.Retries,
  };
}
