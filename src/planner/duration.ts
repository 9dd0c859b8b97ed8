/**
 * Go duration strings as Compose writes them (`stop_grace_period: 1m30s`),
 * in whole seconds as the runtime's stop timeout wants them (truncated, as
 * Compose does). Undefined for a string that is not a duration: the loader
 * has validated the file, so that only happens for projects built by hand.
 */
const unitSeconds: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

export function durationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' ) return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let match = pattern.exec(trimmed); match; match = pattern.exec(trimmed)) {
    total += Number(match[1]) * (unitSeconds[match[2] as string] ?? 0);
    matched = pattern.lastIndex;
  }
  return matched === trimmed.length ? Math.floor(total + 1e-9) : undefined;
}
