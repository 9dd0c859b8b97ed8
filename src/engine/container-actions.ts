import { isErrorClass, StackError } from '../base/index.ts';
import type { CreateContainerAction } from '../planner/index.ts';
import type { Project } from '../spec/index.ts';
import { containerId, type ActionEnv } from './action-env.ts';
import { containerConfig } from './container-config.ts';
import type { InjectedFile } from './container-mounts.ts';
import { picksHostPorts } from './container-network.ts';
import type { EngineAction } from './engine-actions.ts';
import type { NodeContext, NodeOutcome } from './executor.ts';
import { tarOfFiles } from './tar-files.ts';

/** Container actions: one runtime call each (create also joins the networks API 1.41 cannot take in the create call). */

export async function createContainer(action: CreateContainerAction, env: ActionEnv, context: NodeContext): Promise<NodeOutcome> {
  const project = requireProject(env);
  const service = project.services[action.service];
  if (!service) throw new StackError({ code: 'STK9001', errorClass: 'Internal', message: `the plan creates a container of unknown service "${action.service}"` });
  const { client } = env;
  const { signal } = context;
  let imageId = env.images.get(action.imageRef);
  if (imageId === undefined) {
    try {
      imageId = (await client.inspectImage(action.imageRef, { signal })).id;
      env.images.set(action.imageRef, imageId);
    } catch (error) {
      if (isErrorClass(error, 'NotFound')) throw missingImage(action.imageRef, action.service, error);
      throw error;
    }
  }
  const inherited = action.replaces && action.inheritVolumes ? env.containers.get(action.replaces.id)?.mounts : undefined;
  const config = containerConfig({
    project,
    service,
    identity: { kind: 'replica', number: action.number, configHash: action.configHash, config: action.config, ...(action.replaces ? { replaces: action.replaces } : {}) },
    imageRef: action.imageRef,
    imageId,
    peers: action.peers,
    ...(inherited ? { inheritedMounts: inherited } : {}),
    version: env.version,
  });
  if (action.replaces) context.progress(`creating ${action.name}`);
  let created;
  try {
    created = await client.createContainer(action.name, config.body, { signal, ...(service.platform ? { platform: service.platform } : {}) });
  } catch (error) {
    if (isErrorClass(error, 'NotFound') && (error as StackError).code === 'STK5006') throw missingImage(action.imageRef, action.service, error);
    throw error;
  }
  for (const attachment of config.connect) {
    const endpoint = attachment.endpoint;
    await client.connectNetwork(attachment.network, created.id, {
      signal,
      ...(endpoint.Aliases ? { aliases: endpoint.Aliases } : {}),
      ...(endpoint.IPAMConfig?.IPv4Address ? { ipv4Address: endpoint.IPAMConfig.IPv4Address } : {}),
      ...(endpoint.IPAMConfig?.IPv6Address ? { ipv6Address: endpoint.IPAMConfig.IPv6Address } : {}),
      ...(endpoint.MacAddress ? { macAddress: endpoint.MacAddress } : {}),
      ...(endpoint.DriverOpts ? { driverOpts: endpoint.DriverOpts } : {}),
    });
  }
  await copyFiles(env, created.id, config.files, signal);
  return { status: 'Created', value: created.id };
}

export async function copyFiles(env: ActionEnv, id: string, files: readonly InjectedFile[], signal: AbortSignal): Promise<void> {
  if (files.length === 0) return;
  const tar = await tarOfFiles(files.map((f) => ({ path: f.path, content: f.content, mode: f.mode, uid: f.uid, gid: f.gid })));
  await env.client.putArchive(id, '/', tar, { signal });
}

/** The container actions other than create; undefined for an action of another kind. */
export async function runContainerAction(action: EngineAction, service: string | undefined, env: ActionEnv, context: NodeContext): Promise<NodeOutcome | undefined> {
  const { client } = env;
  const { signal } = context;
  switch (action.kind) {
    case 'startContainer': {
      const id = containerId(action.container, context);
      const config = service === undefined ? undefined : env.project?.services[service];
      const start = () => client.startContainer(id, { signal });
      if (config !== undefined && picksHostPorts(config)) await env.portLock.run(start);
      else await start();
      return { status: 'Started', value: id };
    }
    case 'stopContainer': {
      const id = containerId(action.container, context);
      await ignoreGone(() => client.stopContainer(id, { signal, ...(action.timeoutSeconds !== undefined ? { timeoutSeconds: action.timeoutSeconds } : {}) }));
      return { status: 'Stopped', value: id };
    }
    case 'removeContainer': {
      const id = containerId(action.container, context);
      const force = 'force' in action && action.force === true;
      await ignoreGone(() => client.removeContainer(id, { signal, volumes: action.removeVolumes, ...(force ? { force } : {}) }));
      return { status: 'Removed', value: id };
    }
    case 'renameContainer': {
      const id = containerId(action.container, context);
      await client.renameContainer(id, action.name, { signal });
      return { status: 'Renamed', value: id };
    }
    case 'connectNetwork': {
      const id = containerId(action.container, context);
      const endpoint = action.endpoint;
      await client.connectNetwork(action.network, id, {
        signal,
        aliases: action.aliases,
        ...(endpoint?.ipv4_address ? { ipv4Address: endpoint.ipv4_address } : {}),
        ...(endpoint?.ipv6_address ? { ipv6Address: endpoint.ipv6_address } : {}),
        ...(endpoint?.mac_address ? { macAddress: endpoint.mac_address } : {}),
        ...(endpoint?.driver_opts ? { driverOpts: endpoint.driver_opts } : {}),
      });
      return { status: 'Connected', value: id };
    }
    case 'disconnectNetwork': {
      const id = containerId(action.container, context);
      await ignoreGone(() => client.disconnectNetwork(action.network, id, { signal, force: true }));
      return { status: 'Disconnected', value: id };
    }
    case 'killContainer': {
      const id = containerId(action.container, context);
      await client.killContainer(id, { signal, ...(action.signal ? { killSignal: action.signal } : {}) });
      return { status: 'Killed', value: id };
    }
    case 'pauseContainer': {
      const id = containerId(action.container, context);
      await client.pauseContainer(id, { signal });
      return { status: 'Paused', value: id };
    }
    case 'unpauseContainer': {
      const id = containerId(action.container, context);
      await client.unpauseContainer(id, { signal });
      return { status: 'Unpaused', value: id };
    }
    case 'restartContainer': {
      const id = containerId(action.container, context);
      await client.restartContainer(id, { signal, ...(action.timeoutSeconds !== undefined ? { timeoutSeconds: action.timeoutSeconds } : {}) });
      return { status: 'Restarted', value: id };
    }
    default:
      return undefined;
  }
}

/** Stopping or removing what is already gone is done: a pass killed half-way is finished by the next one. */
async function ignoreGone(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!isErrorClass(error, 'NotFound')) throw error;
  }
}

function requireProject(env: ActionEnv): Project {
  if (!env.project) throw new StackError({ code: 'STK9001', errorClass: 'Internal', message: 'a container is created without a project' });
  return env.project;
}

export function missingImage(ref: string, service: string, cause: unknown): StackError {
  return new StackError({
    code: 'STK5006',
    errorClass: 'NotFound',
    message: `image "${ref}" of service "${service}" is not present`,
    hint: `pull it (\`stack pull ${service}\`) or build it, or fix \`image:\` in the compose file`,
    resource: `service:${service}`,
    cause,
  });
}
