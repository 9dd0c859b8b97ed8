import { posix } from 'node:path';
import type { ContainerConfig, HealthConfig } from './oci-types.ts';

/**
 * `docker import --change` instructions: the Dockerfile instructions that
 * only touch the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER,
 * VOLUME, WORKDIR, STOPSIGNAL, ONBUILD, HEALTHCHECK), applied in order. Pure.
 * Unlike a Dockerfile, `$VAR` references are kept literally.
 */
export type ChangesResult = { readonly ok: true; readonly config: ContainerConfig } | { readonly ok: false; readonly line: string; readonly reason: string };

type Mutable = { -readonly [K in keyof ContainerConfig]: ContainerConfig[K] };

export function applyImageChanges(base: ContainerConfig, lines: readonly string[]): ChangesResult {
  const config: Mutable = { ...base };
  let cmdSet = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\S+)\s*(.*)$/s.exec(line);
    const instruction = match?.[1]?.toUpperCase() ?? '';
    const rest = (match?.[2] ?? '').trim();
    const reason = applyOne(config, instruction, rest, cmdSet);
    if (reason !== undefined) return { ok: false, line, reason };
    if (instruction === 'CMD') cmdSet = true;
  }
  return { ok: true, config };
}

function applyOne(config: Mutable, instruction: string, rest: string, cmdSet: boolean): string | undefined {
  if (rest === '' && instruction !== 'CMD' && instruction !== 'ENTRYPOINT') return `${instruction || 'instruction'} needs an argument`;
  switch (instruction) {
    case 'CMD':
      config.Cmd = commandForm(rest);
      return undefined;
    case 'ENTRYPOINT':
      config.Entrypoint = commandForm(rest);
      // As in a Dockerfile, ENTRYPOINT resets an inherited CMD, not one set alongside it.
      if (!cmdSet) config.Cmd = null;
      return undefined;
    case 'ENV': {
      const pairs = nameValues(rest);
      if (typeof pairs === 'string') return pairs;
      const env = [...(config.Env ?? [])];
      for (const [key, value] of pairs) {
        const at = env.findIndex((entry) => entry.split('=')[0] === key);
        if (at === -1) env.push(`${key}=${value}`);
        else env[at] = `${key}=${value}`;
      }
      config.Env = env;
      return undefined;
    }
    case 'LABEL': {
      const pairs = nameValues(rest);
      if (typeof pairs === 'string') return pairs;
      config.Labels = { ...(config.Labels ?? {}), ...Object.fromEntries(pairs) };
      return undefined;
    }
    case 'EXPOSE': {
      const ports: Record<string, object> = { ...(config.ExposedPorts ?? {}) };
      for (const spec of rest.split(/\s+/)) {
        const parsed = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(spec);
        const low = Number(parsed?.[1]);
        const high = parsed?.[2] === undefined ? low : Number(parsed[2]);
        if (!parsed || low < 1 || high > 65535 || high < low) return `invalid port "${spec}"`;
        for (let port = low; port <= high; port++) ports[`${port}/${(parsed[3] ?? 'tcp').toLowerCase()}`] = {};
      }
      config.ExposedPorts = ports;
      return undefined;
    }
    case 'USER':
      if (/\s/.test(rest)) return 'USER takes one argument: user[:group]';
      config.User = rest;
      return undefined;
    case 'WORKDIR':
      config.WorkingDir = posix.resolve(config.WorkingDir || '/', rest);
      return undefined;
    case 'VOLUME': {
      const paths = rest.startsWith('[') ? jsonStrings(rest) : rest.split(/\s+/);
      if (!paths || paths.length === 0 || paths.some((p) => p === '')) return 'VOLUME needs one or more paths';
      config.Volumes = { ...(config.Volumes ?? {}), ...Object.fromEntries(paths.map((p) => [p, {}])) };
      return undefined;
    }
    case 'STOPSIGNAL':
      if (!/^(SIG[A-Z0-9+-]+|\d+)$/i.test(rest)) return `invalid signal "${rest}"`;
      config.StopSignal = rest;
      return undefined;
    case 'ONBUILD':
      config.OnBuild = [...(config.OnBuild ?? []), rest];
      return undefined;
    case 'HEALTHCHECK': {
      const health = healthcheck(rest);
      if (typeof health === 'string') return health;
      config.Healthcheck = health;
      return undefined;
    }
    default:
      return `unknown or unsupported instruction "${instruction}"`;
  }
}

/** Exec form (a JSON array of strings) or shell form, as Dockerfile CMD/ENTRYPOINT; an empty argument clears it. */
function commandForm(rest: string): readonly string[] | null {
  if (rest === '') return null;
  return jsonStrings(rest) ?? ['/bin/sh', '-c', rest];
}

function jsonStrings(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** `k=v k2="v 2"`, or the legacy `k value with spaces`. */
function nameValues(rest: string): [string, string][] | string {
  const words = splitWords(rest);
  if (typeof words === 'string') return words;
  const first = words[0] ?? '';
  if (!first.includes('=')) {
    const space = rest.search(/\s/);
    if (space === -1) return `"${rest}" needs a value (key=value)`;
    return [[rest.slice(0, space), rest.slice(space).trim()]];
  }
  const pairs: [string, string][] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) return `"${word}" is not key=value`;
    pairs.push([word.slice(0, eq), word.slice(eq + 1)]);
  }
  return pairs;
}

/** Shell-like words: double quotes (with \" \\ \$ escapes), single quotes, backslash escapes. */
export function splitWords(text: string): string[] | string {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === '\\' && i + 1 < text.length) current += text[++i];
    else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return 'unterminated single quote';
      current += text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$'.includes(text[j + 1]!)) j++;
        current += text[j];
      }
      if (j >= text.length) return 'unterminated double quote';
      i = j;
    } else current += c;
  }
  if (inWord) words.push(current);
  return words;
}

function healthcheck(rest: string): HealthConfig | string {
  if (rest.toUpperCase() === 'NONE') return { Test: ['NONE'] };
  const health: { -readonly [K in keyof HealthConfig]: HealthConfig[K] } = {};
  let text = rest;
  for (;;) {
    const flag = /^--([a-z-]+)=(\S+)\s+/.exec(text);
    if (!flag) break;
    text = text.slice(flag[0].length);
    const value = flag[2]!;
    if (flag[1] === 'retries') {
      if (!/^\d+$/.test(value)) return `invalid --retries "${value}"`;
      health.Retries = Number(value);
      continue;
    }
    const ns = parseDuration(value);
    if (ns === undefined) return `invalid duration "${value}" for --${flag[1]}`;
    if (flag[1] === 'interval') health.Interval = ns;
    else if (flag[1] === 'timeout') health.Timeout = ns;
    else if (flag[1] === 'start-period') health.StartPeriod = ns;
    else if (flag[1] === 'start-interval') health.StartInterval = ns;
    else return `unknown HEALTHCHECK flag --${flag[1]}`;
  }
  const cmd = /^CMD\s+(.+)$/is.exec(text.trim());
  if (!cmd) return 'HEALTHCHECK needs NONE or CMD <command>';
  const exec = jsonStrings(cmd[1]!.trim());
  health.Test = exec ? ['CMD', ...exec] : ['CMD-SHELL', cmd[1]!.trim()];
  return health;
}

const units: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration subset Docker accepts: `30s`, `1m30s`, `500ms`; in nanoseconds. */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0));
}
