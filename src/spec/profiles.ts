import { isRecord } from './origins.ts';

/** The active profiles: `--profile` flags, else `COMPOSE_PROFILES` (comma-separated). `*` enables every profile. */
export function activeProfiles(flags: readonly string[] | undefined, composeProfiles: string | undefined): string[] {
  const given = flags && flags.length > 0 ? flags : (composeProfiles ?? '').split(',');
  return [...new Set(given.map((p) => p.trim()).filter((p) => p !== ''))].sort();
}

export interface ServiceSelection {
  readonly enabled: readonly string[];
  readonly disabled: readonly string[];
}

/**
 * Which services run: those without profiles, those with an active profile
 * (any, with `*`), and those named on the command line (naming a service
 * enables it whatever its profiles; its dependencies are not enabled by
 * that, as in Compose).
 */
export function selectServices(services: Readonly<Record<string, unknown>>, profiles: readonly string[], named: readonly string[] = []): ServiceSelection {
  const all = profiles.includes('*');
  const active = new Set(profiles);
  const wanted = new Set(named);
  const enabled: string[] = [];
  const disabled: string[] = [];
  for (const name of Object.keys(services).sort()) {
    const service = services[name];
    const own = isRecord(service) && Array.isArray(service.profiles) ? service.profiles.filter((p): p is string => typeof p === 'string') : [];
    if (own.length === 0 || all || own.some((p) => active.has(p)) || wanted.has(name)) enabled.push(name);
    else disabled.push(name);
  }
  return { enabled, disabled };
}

/** Every profile named by any service, sorted (for `config --profiles`). */
export function definedProfiles(services: Readonly<Record<string, unknown>>): string[] {
  const out = new Set<string>();
  for (const service of Object.values(services)) {
    if (isRecord(service) && Array.isArray(service.profiles)) for (const p of service.profiles) if (typeof p === 'string') out.add(p);
  }
  return [...out].sort();
}
