export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Where `init: true` mounts tini, as Docker does. */
export const INIT_PATH = '/sbin/docker-init';

/** Docker's StrSlice: a JSON string is a one-word list, null is "not set". */
export function toStrSlice(value: readonly string[] | string | null | undefined): readonly string[] | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value;
}

/**
 * Docker's ReplaceOrAppendEnvValues: later lists override earlier ones by
 * key, keeping the first position; `KEY` without `=` removes the key.
 */
export function mergeEnv(...lists: readonly (readonly string[] | null | undefined)[]): string[] {
  const order: string[] = [];
  const values = new Map<string, string>();
  for (const list of lists) {
    for (const entry of list ?? []) {
      const eq = entry.indexOf('=');
      const key = eq < 0 ? entry : entry.slice(0, eq);
      if (eq < 0) {
        values.delete(key);
        continue;
      }
      if (!values.has(key)) order.push(key);
      values.set(key, entry);
    }
  }
  return order.filter((k) => values.has(k)).map((k) => values.get(k) as string);
}

/** The environment a container's processes get: PATH, HOSTNAME, TERM (with a TTY) by default, overridden by the container's Env, and HOME from passwd when unset. */
export function buildEnv(input: { env: readonly string[]; hostname: string; tty: boolean; home: string }): string[] {
  const defaults = [DEFAULT_PATH, `HOSTNAME=${input.hostname}`];
  if (input.tty) defaults.push('TERM=xterm');
  const merged = mergeEnv(defaults, input.env);
  if (!merged.some((e) => e.startsWith('HOME='))) merged.push(`HOME=${input.home}`);
  return merged;
}

/** Prepends tini for `init: true`: it reaps zombies and forwards signals to the command. */
export function withInit(args: readonly string[], init: boolean): readonly string[] {
  return init ? [INIT_PATH, '--', ...args] : args;
}
