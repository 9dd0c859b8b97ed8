import { compareStrings } from '../base/index.ts';
import { serviceConfigOf, type ReconcileContext } from './context.ts';
import { volumeConfigHash } from './hash.ts';
import { volumeResource } from './names.ts';
import { serviceVolumeKeys } from './usage.ts';

/**
 * Named volumes the services in scope mount: create the missing ones. A
 * volume whose config hash diverged is kept with a warning, never recreated
 * by `up`: that would lose its data, and the planner does not prompt.
 * External volumes are the user's: never created, never removed.
 */
export function reconcileVolumes(context: ReconcileContext): void {
  const { project, observed } = context;
  const keys = new Set<string>();
  for (const name of context.scope) for (const key of serviceVolumeKeys(serviceConfigOf(context, name))) keys.add(key);

  for (const key of [...keys].sort(compareStrings)) {
    const config = project.volumes[key];
    if (!config || config.external) continue;
    const resource = volumeResource(key);
    const hash = volumeConfigHash(config);
    const found = observed.volumes.find((v) => v.name === config.name);
    if (!found) {
      const action = { kind: 'createVolume' as const, project: project.name, key, name: config.name, configHash: hash, config };
      context.nodes.volumes.set(key, context.builder.add(resource, action, 'not found', undefined));
      context.decisions.push({ resource, bucket: 'create', reasons: ['not found'] });
      continue;
    }
    if (found.configHash !== undefined && found.configHash !== hash) {
      context.diagnostics.push({
        code: 'STK4007',
        severity: 'warning',
        message: `volume "${config.name}" exists with a different configuration; it is kept as it is`,
        hint: `to apply the new configuration, remove it (its data is lost): \`stack down -v\` or \`docker volume rm ${config.name}\``,
      });
      context.decisions.push({ resource, bucket: 'keep', reasons: ['config changed, kept to keep its data'] });
      continue;
    }
    context.decisions.push({ resource, bucket: 'keep', reasons: ['exists'] });
  }
}
