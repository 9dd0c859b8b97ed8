import { isErrorClass, isStackError, StackError } from '../base/index.ts';
import { imageRef, type BuildImageAction, type CreateNetworkAction, type PullImageAction } from '../planner/index.ts';
import { composeLabel, stackLabel, type NetworkCreateBody } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import type { ActionEnv } from './action-env.ts';
import { buildContext } from './build-context.ts';
import type { EngineAction } from './engine-actions.ts';
import type { NodeContext, NodeOutcome } from './executor.ts';

/** Network, volume and image actions: one runtime call each (a pull or build also inspects the result, to record its id). */

export async function runResourceAction(action: EngineAction, env: ActionEnv, context: NodeContext): Promise<NodeOutcome | undefined> {
  const { client } = env;
  const { signal } = context;
  switch (action.kind) {
    case 'createNetwork': {
      const { id } = await client.createNetwork(networkBody(action, env.version), { signal });
      return { status: 'Created', value: id };
    }
    case 'removeNetwork':
      await ignoreGone(() => client.removeNetwork(action.id || action.name, { signal }));
      return { status: 'Removed' };
    case 'createVolume': {
      const labels = { ...(action.config.labels ?? {}), [composeLabel.project]: action.project, [composeLabel.volume]: action.key, [composeLabel.configHash]: action.configHash, [stackLabel.version]: env.version };
      await client.createVolume({ Name: action.name, ...(action.config.driver ? { Driver: action.config.driver } : {}), ...(action.config.driver_opts ? { DriverOpts: action.config.driver_opts } : {}), Labels: labels }, { signal });
      return { status: 'Created' };
    }
    case 'removeVolume':
      await ignoreGone(() => client.removeVolume(action.name, { signal }));
      return { status: 'Removed' };
    case 'pullImage':
      return pullImage(action, env, context);
    case 'buildImage':
      return buildImage(action, env, context);
    case 'removeImage':
      try {
        await ignoreGone(async () => void (await client.removeImage(action.ref, { signal })));
      } catch (error) {
        // Another container (of another project) still uses it: keep it, as `docker compose down --rmi` does.
        if (isErrorClass(error, 'Conflict')) return { status: 'In use' };
        throw error;
      }
      return { status: 'Removed' };
    default:
      return undefined;
  }
}

export function networkBody(action: CreateNetworkAction, version: string): NetworkCreateBody {
  const config = action.config;
  const ipam = config.ipam;
  const labels = { ...(config.labels ?? {}), [composeLabel.project]: action.project, [composeLabel.network]: action.key, [composeLabel.configHash]: action.configHash, [stackLabel.version]: version };
  return {
    Name: action.name,
    CheckDuplicate: true,
    ...(config.driver ? { Driver: config.driver } : {}),
    ...(config.internal ? { Internal: true } : {}),
    ...(config.attachable ? { Attachable: true } : {}),
    ...(config.enable_ipv6 ? { EnableIPv6: true } : {}),
    ...(config.driver_opts ? { Options: config.driver_opts } : {}),
    ...(ipam
      ? {
          IPAM: {
            ...(ipam.driver ? { Driver: ipam.driver } : {}),
            ...(ipam.options ? { Options: ipam.options } : {}),
            ...(ipam.config
              ? {
                  Config: ipam.config.map((pool) => ({
                    ...(pool.subnet ? { Subnet: pool.subnet } : {}),
                    ...(pool.ip_range ? { IPRange: pool.ip_range } : {}),
                    ...(pool.gateway ? { Gateway: pool.gateway } : {}),
                    ...(pool.aux_addresses ? { AuxiliaryAddresses: pool.aux_addresses } : {}),
                  })),
                }
              : {}),
          },
        }
      : {}),
    Labels: labels,
  };
}

async function pullImage(action: PullImageAction, env: ActionEnv, context: NodeContext): Promise<NodeOutcome> {
  const { client } = env;
  const row = env.rows.ref(`image:${action.ref}`);
  try {
    await client.pullImage(action.ref, {
      signal: context.signal,
      ...(action.platform ? { platform: action.platform } : {}),
      onProgress: (p) => {
        if (p.layer === undefined) {
          context.progress(p.status);
          return;
        }
        context.emit({
          type: 'action.progress',
          node: context.node,
          resource: { id: `layer:${action.ref}:${p.layer}`, kind: 'layer', name: p.layer, parent: row.id },
          text: p.status,
          ...(p.current !== undefined ? { current: p.current } : {}),
          ...(p.total !== undefined ? { total: p.total } : {}),
        });
      },
    });
  } catch (error) {
    throw forServices(error, action.ref, env.project, 'pulled');
  }
  env.images.set(action.ref, (await client.inspectImage(action.ref, { signal: context.signal })).id);
  return { status: 'Pulled' };
}

async function buildImage(action: BuildImageAction, env: ActionEnv, context: NodeContext): Promise<NodeOutcome> {
  const { client } = env;
  const build = action.build;
  const contextDir = build.context ?? env.project?.working_dir ?? '.';
  let id: string;
  try {
    const tar = await buildContext(contextDir, build.dockerfile, build.dockerfile_inline);
    const args: Record<string, string> = {};
    for (const [key, value] of Object.entries(build.args ?? {})) if (value !== null) args[key] = value;
    const result = await client.buildImage(tar.tar, {
      signal: context.signal,
      tags: [action.ref, ...(build.tags ?? [])],
      dockerfile: tar.dockerfile,
      buildArgs: args,
      ...(build.labels ? { labels: build.labels } : {}),
      ...(build.target ? { target: build.target } : {}),
      ...(build.no_cache ? { noCache: true } : {}),
      ...(build.pull ? { pull: true } : {}),
      ...(build.cache_from ? { cacheFrom: build.cache_from } : {}),
      ...(build.network ? { networkMode: build.network } : {}),
      ...(build.extra_hosts ? { extraHosts: build.extra_hosts.map((h) => h.replace('=', ':')) } : {}),
      ...(action.platform ? { platform: action.platform } : {}),
      onProgress: (line) => {
        const text = line.trim();
        if (text !== '') context.progress(text);
      },
    });
    id = result.id;
  } catch (error) {
    throw forServices(error, action.ref, env.project, 'built');
  }
  env.images.set(action.ref, id);
  return { status: 'Built' };
}

/** The failure of a pull or build, naming the services that needed the image. */
function forServices(error: unknown, ref: string, project: Project | undefined, verb: string): unknown {
  if (!isStackError(error) || error.errorClass === 'Canceled') return error;
  const services = project ? Object.values(project.services).filter((s) => imageRef(project.name, s) === ref).map((s) => s.name).sort() : [];
  if (services.length === 0) return error;
  const names = services.map((s) => `"${s}"`).join(', ');
  return new StackError({
    code: error.code,
    errorClass: error.errorClass,
    message: `image "${ref}" for service${services.length > 1 ? 's' : ''} ${names} could not be ${verb}: ${error.message}`,
    ...(error.hint !== undefined ? { hint: error.hint } : {}),
    cause: error,
  });
}

async function ignoreGone(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!isErrorClass(error, 'NotFound')) throw error;
  }
}
