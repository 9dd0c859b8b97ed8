import { randomBytes } from 'node:crypto';
import { StackError } from '../base/index.ts';
import { imageRef } from '../planner/index.ts';
import type { RuntimeClient } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import { containerConfig, type OneoffOverrides } from './container-config.ts';
import { tarOfFiles } from './tar-files.ts';

/**
 * `stack run`'s container: a one-off of a service (label `oneoff=True`, a
 * slug, no replica number, so no pass of `up` ever counts it), named
 * `<project>-<service>-run-<slug>` unless `--name` says otherwise, created
 * on the service's networks with its files copied in. Not started.
 */
export interface OneoffInput {
  readonly client: RuntimeClient;
  readonly project: Project;
  readonly service: string;
  readonly overrides: OneoffOverrides;
  readonly name?: string;
  readonly version: string;
  readonly signal: AbortSignal;
}

export async function createOneoff(input: OneoffInput): Promise<{ readonly id: string; readonly name: string; readonly tty: boolean }> {
  const { client, project, signal } = input;
  const service = project.services[input.service];
  const ref = service ? imageRef(project.name, service) : undefined;
  if (!service || ref === undefined) throw new StackError({ code: 'STK9001', errorClass: 'Internal', message: `run of an unknown service "${input.service}"` });
  const slug = randomBytes(6).toString('hex');
  const name = input.name ?? `${project.name}-${service.name}-run-${slug}`;
  const peers: Record<string, string[]> = {};
  for (const other of Object.values(project.services)) peers[other.name] = [other.container_name ?? `${project.name}-${other.name}-1`];
  const imageId = (await client.inspectImage(ref, { signal })).id;
  const config = containerConfig({ project, service, identity: { kind: 'oneoff', slug }, imageRef: ref, imageId, peers, overrides: input.overrides, version: input.version });
  const created = await client.createContainer(name, config.body, { signal, ...(service.platform ? { platform: service.platform } : {}) });
  try {
    for (const attachment of config.connect) {
      await client.connectNetwork(attachment.network, created.id, { signal, ...(attachment.endpoint.Aliases ? { aliases: attachment.endpoint.Aliases } : {}) });
    }
    if (config.files.length > 0) await client.putArchive(created.id, '/', await tarOfFiles(config.files), { signal });
  } catch (error) {
    // A one-off is never reconciled: do not leave a half-made one behind.
    await client.removeContainer(created.id, { force: true }).catch(() => {});
    throw error;
  }
  return { id: created.id, name, tty: config.body.Tty === true };
}
