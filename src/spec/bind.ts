import type { Project, ServiceConfig } from './types.ts';
import { isRecord } from './origins.ts';

export interface BindInput {
  readonly model: Record<string, unknown>;
  readonly name: string;
  readonly workingDir: string;
  readonly configFiles: readonly string[];
  readonly enabled: readonly string[];
  readonly disabled: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly profiles: readonly string[];
}

/**
 * The last phase: the checked, normalized model as the typed, frozen
 * Project every later stage reads. `x-` keys of the project, services,
 * networks, volumes, secrets and configs move to `extensions`; deeper ones
 * stay in place.
 */
export function bindProject(input: BindInput): Project {
  const { model } = input;
  const services = isRecord(model.services) ? model.services : {};
  const pick = (names: readonly string[]) => Object.fromEntries(names.filter((n) => isRecord(services[n])).map((n) => [n, bindService(n, services[n] as Record<string, unknown>)]));
  const section = <T>(kind: string): Record<string, T> => {
    const value = model[kind];
    if (!isRecord(value)) return {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withExtensions(isRecord(v) ? v : {}) as T]));
  };
  const top = splitExtensions(model);
  const project: Project = {
    name: input.name,
    working_dir: input.workingDir,
    config_files: [...input.configFiles],
    services: pick(input.enabled),
    disabled_services: pick(input.disabled),
    networks: section('networks'),
    volumes: section('volumes'),
    secrets: section('secrets'),
    configs: section('configs'),
    ...(isRecord(model.models) ? { models: model.models as Project['models'] } : {}),
    environment: input.environment,
    profiles: [...input.profiles],
    ...(top.extensions ? { extensions: top.extensions } : {}),
  };
  return deepFreeze(project);
}

function bindService(name: string, service: Record<string, unknown>): ServiceConfig {
  const { rest, extensions } = splitExtensions(service);
  const out: Record<string, unknown> = { name, ...rest };
  if (Array.isArray(out.env_file)) {
    out.env_file = out.env_file.map((f) => {
      if (!isRecord(f) || f.required !== true) return f;
      const { required: _required, ...others } = f;
      return others;
    });
  }
  for (const key of ['command', 'entrypoint'] as const) if (out[key] === null) delete out[key];
  if (extensions) out.extensions = extensions;
  return out as unknown as ServiceConfig;
}

function withExtensions(value: Record<string, unknown>): Record<string, unknown> {
  const { rest, extensions } = splitExtensions(value);
  return extensions ? { ...rest, extensions } : rest;
}

function splitExtensions(value: Record<string, unknown>): { rest: Record<string, unknown>; extensions?: Record<string, unknown> } {
  const rest: Record<string, unknown> = {};
  const extensions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('x-')) extensions[k] = v;
    else if (k !== 'extends' && k !== 'include' && k !== 'version') rest[k] = v;
  }
  return Object.keys(extensions).length > 0 ? { rest, extensions } : { rest };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
