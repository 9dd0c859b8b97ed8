import { canonicalJson, compareStrings } from '../base/index.ts';
import type { ServiceHashInput } from './hash.ts';

/**
 * Names what changed between the config a container was created from (its
 * `dev.stack.config` snapshot) and the desired one, as field paths a user
 * recognises: `environment.MODE`, `ports[0].published`,
 * `labels["com.example.tier"]`, `file web.env`, `config app content`.
 */
export function diffServiceConfig(desired: ServiceHashInput, observed: unknown, workingDir: string): string[] {
  const paths: (string | number)[][] = [];
  collectDifferences(desired, observed, [], paths);
  return paths.map((path) => formatChange(path, workingDir)).sort(compareStrings);
}

/** Leaf paths where `a` and `b` differ; a value present on one side only is reported where it starts. */
export function collectDifferences(a: unknown, b: unknown, path: (string | number)[], out: (string | number)[][]): void {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
    for (const key of keys) collectDifferences(a[key], b[key], [...path, key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) collectDifferences(a[i], b[i], [...path, i], out);
    return;
  }
  if (canonicalJson(a) !== canonicalJson(b)) out.push(path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatChange(path: readonly (string | number)[], workingDir: string): string {
  const [section, key, ...rest] = path;
  if (section === 'files' && typeof key === 'string') return `file ${relativeTo(key, workingDir)}`;
  if (section === 'contents' && typeof key === 'string') {
    const colon = key.indexOf(':');
    return colon < 0 ? `${key} content` : `${key.slice(0, colon)} ${key.slice(colon + 1)} content`;
  }
  if (section === 'service') return key === undefined ? 'service' : formatPath([key, ...rest]);
  return formatPath(path);
}

/** `environment.MODE`, `ports[0].published`, `labels["com.example.tier"]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function relativeTo(path: string, dir: string): string {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return dir !== '' && path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** One reason from a list of changes: the first few, then how many more, so a plan line stays readable. */
export function describeChanges(changes: readonly string[], limit = 4): string {
  if (changes.length <= limit) return changes.join(', ');
  return `${changes.slice(0, limit).join(', ')} and ${changes.length - limit} more`;
}
