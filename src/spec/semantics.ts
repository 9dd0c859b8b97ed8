import type { Diagnostic } from '../base/index.ts';
import { compareStrings } from '../base/index.ts';
import { errorAt, quoteList, relatedAt, warningAt } from './diagnostic.ts';
import { isRecord, type Origin, type Origins } from './origins.ts';

export interface SemanticInput {
  readonly model: Record<string, unknown>;
  readonly enabled: readonly string[];
  readonly disabled: readonly string[];
  readonly origins: Origins;
}

/**
 * Checks after the schema: what the schema cannot see because it needs the
 * whole merged project. Only enabled services are checked; references from
 * them to disabled services are errors unless the dependency is optional.
 */
export function checkSemantics(input: SemanticInput): Diagnostic[] {
  const { model, origins } = input;
  const diagnostics: Diagnostic[] = [];
  const services = isRecord(model.services) ? model.services : {};
  const enabled = new Set(input.enabled);
  const disabled = new Set(input.disabled);
  const section = (kind: string) => (isRecord(model[kind]) ? (model[kind] as Record<string, unknown>) : {});
  const networks = section('networks');
  const volumes = section('volumes');
  const secrets = section('secrets');
  const configs = section('configs');
  const containerNames = new Map<string, { service: string; origin: Origin | undefined }>();

  for (const name of [...input.enabled].sort(compareStrings)) {
    const service = services[name];
    if (!isRecord(service)) continue;
    const at = (key: string) => origins.get(service, key);
    const owner = `service "${name}"`;

    if (isRecord(service.networks)) {
      for (const net of Object.keys(service.networks).sort(compareStrings)) {
        if (net === 'default' || Object.prototype.hasOwnProperty.call(networks, net)) continue;
        diagnostics.push(undefinedRef('STK3002', `${owner} joins network "${net}", which is not defined`, origins.get(service.networks, net), `declare it under the top-level \`networks:\` (\`${net}: {}\`, or \`external: true\` for an existing one)`));
      }
      if (service.network_mode !== undefined) {
        diagnostics.push(errorAt({ code: 'STK3015', message: `${owner} sets both network_mode and networks`, at: at('network_mode'), hint: 'remove `networks:` (network_mode decides the whole network stack) or remove `network_mode:`' }));
      }
    }
    if (Array.isArray(service.volumes)) {
      service.volumes.forEach((v, i) => {
        if (!isRecord(v) || v.type !== 'volume' || typeof v.source !== 'string' || v.source === '') return;
        if (Object.prototype.hasOwnProperty.call(volumes, v.source)) return;
        diagnostics.push(undefinedRef('STK3003', `${owner} mounts volume "${v.source}", which is not defined`, origins.get(service.volumes as unknown[], i), `declare it under the top-level \`volumes:\` (\`${v.source}: {}\`), or write a path (./${v.source}) for a bind mount`));
      });
    }
    const refs = (list: unknown, defined: Record<string, unknown>, code: string, kind: string, where: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((ref, i) => {
        if (!isRecord(ref) || typeof ref.source !== 'string' || Object.prototype.hasOwnProperty.call(defined, ref.source)) return;
        diagnostics.push(undefinedRef(code, `${owner} uses ${kind} "${ref.source}"${where}, which is not defined`, origins.get(list, i), `declare it under the top-level \`${kind}s:\` with \`file:\`, \`environment:\`${kind === 'config' ? ', `content:`' : ''} or \`external: true\``));
      });
    };
    refs(service.secrets, secrets, 'STK3004', 'secret', '');
    refs(service.configs, configs, 'STK3005', 'config', '');
    if (isRecord(service.build)) refs(service.build.secrets, secrets, 'STK3004', 'secret', ' in build');

    if (isRecord(service.depends_on)) {
      for (const dep of Object.keys(service.depends_on).sort(compareStrings)) {
        const cfg = service.depends_on[dep];
        const required = !(isRecord(cfg) && cfg.required === false);
        const depAt = origins.get(service.depends_on, dep);
        if (enabled.has(dep)) continue;
        if (disabled.has(dep)) {
          const profiles = isRecord(services[dep]) && Array.isArray((services[dep] as Record<string, unknown>).profiles) ? ((services[dep] as Record<string, unknown>).profiles as string[]) : [];
          if (required) {
            diagnostics.push(
              errorAt({
                code: 'STK3011',
                message: `${owner} depends on service "${dep}", which is disabled by its profiles`,
                at: depAt,
                hint: `enable ${profiles.length === 1 ? 'its profile' : 'one of its profiles'} (--profile ${profiles[0] ?? '<name>'}, or COMPOSE_PROFILES), or mark the dependency \`required: false\``,
                related: [relatedAt(`"${dep}" has profiles ${quoteList(profiles)}`, origins.get(services[dep] as object, 'profiles'))],
              }),
            );
          } else diagnostics.push(optionalMissing(owner, dep, 'disabled by its profiles', depAt));
          continue;
        }
        if (required) diagnostics.push(undefinedRef('STK3001', `${owner} depends on service "${dep}", which is not defined`, depAt, `define "${dep}" under services:, fix the name, or mark the dependency \`required: false\``));
        else diagnostics.push(optionalMissing(owner, dep, 'not defined', depAt));
      }
    }

    for (const key of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const) {
      const ref = service[key];
      // An empty `container:` is left to the runtime, as Compose does; an empty `service:` can never work.
      if (ref === 'service:') {
        diagnostics.push(errorAt({ code: 'STK3025', message: `${owner}: ${key} "service:" names no service`, at: at(key), part: 'value', hint: `write ${key}: "service:<name>" with the name of a service of this project` }));
      }
    }
    if (service.image === undefined && service.build === undefined && service.provider === undefined) {
      diagnostics.push(errorAt({ code: 'STK3013', message: `${owner} has neither an image nor a build`, at: origins.get(services, name), hint: 'add `image: <name>` to run an existing image, or `build: <directory>` to build one' }));
    }
    const replicas = isRecord(service.deploy) && typeof service.deploy.replicas === 'number' ? service.deploy.replicas : undefined;
    const scale = typeof service.scale === 'number' ? service.scale : undefined;
    if (scale !== undefined && replicas !== undefined && scale !== replicas) {
      diagnostics.push(errorAt({ code: 'STK3014', message: `${owner} sets scale ${scale} and deploy.replicas ${replicas}`, at: at('scale'), hint: 'keep one of the two, or give them the same value' }));
    }
    if (typeof service.container_name === 'string' && service.container_name !== '') {
      if ((scale ?? replicas ?? 1) > 1) {
        diagnostics.push(errorAt({ code: 'STK3014', message: `${owner} sets container_name and runs ${scale ?? replicas} replicas, but a container name must be unique`, at: at('container_name'), hint: 'remove container_name, or run a single replica' }));
      }
      const first = containerNames.get(service.container_name);
      if (first) {
        diagnostics.push(
          errorAt({
            code: 'STK3009',
            message: `${owner} uses container name "${service.container_name}", which service "${first.service}" uses too`,
            at: at('container_name'),
            part: 'value',
            hint: 'give each service its own container_name, or remove it and let stack name the containers',
            related: [relatedAt(`service "${first.service}" sets it here`, first.origin)],
          }),
        );
      } else containerNames.set(service.container_name, { service: name, origin: at('container_name') });
    }
    if (typeof service.platform === 'string' && isRecord(service.build) && Array.isArray(service.build.platforms) && service.build.platforms.length > 0 && !service.build.platforms.includes(service.platform)) {
      diagnostics.push(errorAt({ code: 'STK3016', message: `${owner}: platform "${service.platform}" is not one of build.platforms`, at: at('platform'), part: 'value', hint: `add "${service.platform}" to build.platforms, or change platform to one of ${quoteList(service.build.platforms as string[])}` }));
    }
  }

  for (const [kind, allowed] of [
    ['networks', ['name', 'external']],
    ['volumes', ['name', 'external']],
    ['secrets', ['name', 'external']],
    ['configs', ['name', 'external']],
  ] as const) {
    const resources = section(kind);
    for (const key of Object.keys(resources).sort(compareStrings)) {
      const resource = resources[key];
      if (!isRecord(resource) || resource.external !== true) continue;
      const extra = Object.keys(resource).filter((k) => !(allowed as readonly string[]).includes(k) && !k.startsWith('x-')).sort(compareStrings);
      for (const k of extra) {
        diagnostics.push(
          errorAt({
            code: 'STK3010',
            message: `${kind.slice(0, -1)} "${key}" is external and also sets "${k}"`,
            at: origins.get(resource, k),
            hint: `an external ${kind.slice(0, -1)} is created outside the project; remove "${k}", or remove \`external: true\` to let stack create it`,
          }),
        );
      }
    }
  }

  diagnostics.push(...dependencyCycles(services, input.enabled, origins));
  return diagnostics;
}

function undefinedRef(code: string, message: string, at: Origin | undefined, hint: string): Diagnostic {
  return errorAt({ code, message, at, part: 'value', hint });
}

function optionalMissing(owner: string, dep: string, why: string, at: Origin | undefined): Diagnostic {
  return warningAt({ code: 'STK3019', message: `${owner}: optional dependency "${dep}" is ${why}; it is ignored`, at, hint: `define or enable "${dep}" if ${owner} needs it` });
}

/** Each dependency cycle once, named from its smallest service: `a -> b -> c -> a`. */
function dependencyCycles(services: Record<string, unknown>, enabled: readonly string[], origins: Origins): Diagnostic[] {
  const inScope = new Set(enabled);
  const edges = new Map<string, string[]>();
  for (const name of inScope) {
    const s = services[name];
    const deps = isRecord(s) && isRecord(s.depends_on) ? Object.keys(s.depends_on).filter((d) => inScope.has(d)).sort(compareStrings) : [];
    edges.set(name, deps);
  }
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'active') {
        const cycle = stack.slice(stack.indexOf(next));
        const smallest = cycle.reduce((a, b) => (compareStrings(a, b) <= 0 ? a : b));
        const rotated = [...cycle.slice(cycle.indexOf(smallest)), ...cycle.slice(0, cycle.indexOf(smallest))];
        const key = rotated.join('\0');
        if (!seen.has(key)) {
          seen.add(key);
          const from = services[rotated[0]!] as Record<string, unknown>;
          const to = rotated[1 % rotated.length]!;
          out.push(
            errorAt({
              code: 'STK3006',
              message: `dependency cycle: ${[...rotated, rotated[0]!].join(' -> ')}`,
              at: origins.get(from.depends_on as object, to),
              hint: 'remove one of these depends_on (or links, volumes_from, `service:` modes) so that the services can start in order',
            }),
          );
        }
      } else if (state.get(next) !== 'done') visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const name of [...inScope].sort(compareStrings)) if (!state.has(name)) visit(name);
  return out;
}
