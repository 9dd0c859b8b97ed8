import type { Diagnostic } from '../base/index.ts';
import { canonicalByteSize } from './byte-size.ts';
import { errorAt } from './diagnostic.ts';
import { canonicalDuration } from './durations.ts';
import { isRecord, put, type Origin, type Origins } from './origins.ts';

/** What a canonical-form transform needs: the origin map, a sink for diagnostics, and where the value came from. */
export interface CanonicalContext {
  readonly origins: Origins;
  readonly diagnostics: Diagnostic[];
  /** The origin of the member being transformed. */
  readonly origin: Origin | undefined;
  /** Names the object in messages: `service "web"`, `network "front"`. */
  readonly owner: string;
}

export type Transform = (value: unknown, ctx: CanonicalContext) => unknown;

/** A new mapping built from `source`, member by member, with origins carried over. */
export function rebuild(source: Record<string, unknown>, ctx: CanonicalContext, transforms: Readonly<Record<string, Transform>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const transform = transforms[key];
    const origin = ctx.origins.get(source, key);
    put(out, key, transform ? transform(value, { ...ctx, origin }) : value);
    ctx.origins.copy(source, key, out);
  }
  ctx.origins.copySelf(source, out);
  return out;
}

/** Applies `transforms` to a mapping member by member; anything else is left for the schema to report. */
export function object(transforms: Readonly<Record<string, Transform>>): Transform {
  return (value, ctx) => (isRecord(value) ? rebuild(value, ctx, transforms) : value);
}

/** Applies `transform` to every value of a mapping (`services`, `networks`, `ulimits`...). */
export function eachValue(transform: Transform): Transform {
  return (value, ctx) => {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      put(out, key, transform(item, { ...ctx, origin: ctx.origins.get(value, key) }));
      ctx.origins.copy(value, key, out);
    }
    ctx.origins.copySelf(value, out);
    return out;
  };
}

/** Applies `transform` to every item of a list. */
export function eachItem(transform: Transform): Transform {
  return (value, ctx) => {
    if (!Array.isArray(value)) return value;
    const out = value.map((item, i) => transform(item, { ...ctx, origin: ctx.origins.get(value, i) }));
    ctx.origins.copyAll(value, out);
    return out;
  };
}

export type MappingKind = 'equals' | 'labels';

/**
 * A list of `KEY=value` or a mapping, as a mapping of strings. `equals`
 * (environment, build args) keeps a bare `KEY` (or `KEY: null`) as null, to
 * be resolved from the environment later; `labels` turns it into "".
 */
export function mapping(kind: MappingKind): Transform {
  return (value, ctx) => {
    const out: Record<string, unknown> = {};
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') return;
        const text = String(item);
        const eq = text.indexOf('=');
        const key = eq < 0 ? text : text.slice(0, eq);
        put(out, key, eq < 0 ? (kind === 'equals' ? null : '') : text.slice(eq + 1));
        ctx.origins.set(out, key, ctx.origins.get(value, i));
      });
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        put(out, key, item === null || item === undefined ? (kind === 'equals' ? null : '') : scalarText(item));
        ctx.origins.copy(value, key, out);
      }
    } else return value;
    ctx.origins.copySelf(value, out);
    return out;
  };
}

function scalarText(value: unknown): unknown {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/** A string or a list, as a list of strings. */
export const stringList: Transform = (value, ctx) => {
  if (typeof value === 'string') {
    const out = [value];
    ctx.origins.setSelf(out, ctx.origin);
    ctx.origins.set(out, 0, ctx.origin);
    return out;
  }
  if (!Array.isArray(value)) return value;
  const out = value.map((item) => (typeof item === 'number' ? String(item) : item));
  ctx.origins.copyAll(value, out);
  return out;
};

/** extra_hosts: a list of `host:ip` / `host=ip`, or a mapping of host to address(es), as sorted `host=ip` entries. */
export const hostsList: Transform = (value, ctx) => {
  const entries: { host: string; ip: string; origin: Origin | undefined; order: number }[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item !== 'string') return;
      const eq = item.indexOf('=');
      const sep = eq >= 0 ? eq : item.indexOf(':');
      if (sep < 0) return;
      entries.push({ host: item.slice(0, sep), ip: item.slice(sep + 1), origin: ctx.origins.get(value, i), order: i });
    });
  } else if (isRecord(value)) {
    let order = 0;
    for (const [host, ips] of Object.entries(value)) {
      for (const ip of Array.isArray(ips) ? ips : [ips]) entries.push({ host, ip: String(ip ?? ''), origin: ctx.origins.get(value, host), order: order++ });
    }
  } else return value;
  entries.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.order - b.order));
  const out = entries.map((e) => `${e.host}=${e.ip}`);
  entries.forEach((e, i) => ctx.origins.set(out, i, e.origin));
  ctx.origins.setSelf(out, ctx.origin);
  return out;
};

/** A duration in Go's printed form (`1m30s`); an unreadable one is reported. */
export const duration: Transform = (value, ctx) => {
  if (value === null || value === undefined) return value;
  const text = canonicalDuration(value);
  if (text !== undefined) return text;
  if (typeof value === 'string' || typeof value === 'number') {
    ctx.diagnostics.push(
      errorAt({
        code: 'STK3022',
        message: `${ctx.owner}: ${JSON.stringify(value)} is not a duration`,
        at: ctx.origin,
        part: 'value',
        hint: 'write a number with a unit: `10s`, `1m30s`, `500ms`, `2h`',
      }),
    );
  }
  return value;
};

/** A byte size as Compose prints it (decimal bytes); an unreadable one is reported. */
export const byteSize: Transform = (value, ctx) => {
  if (value === null || value === undefined) return value;
  const text = canonicalByteSize(value);
  if (text !== undefined) return text;
  if (typeof value === 'string') {
    ctx.diagnostics.push(
      errorAt({
        code: 'STK3023',
        message: `${ctx.owner}: ${JSON.stringify(value)} is not a size`,
        at: ctx.origin,
        part: 'value',
        hint: 'write a number of bytes with an optional unit: `512m`, `1g`, `64k`, `1048576`',
      }),
    );
  }
  return value;
};

/** A number written as a string (`cpus: "0.5"`) as a number. */
export const number: Transform = (value) => {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
};

/** A number as a string (uid, gid, expose). */
export const text: Transform = (value) => (typeof value === 'number' ? String(value) : value);

/** A file mode: a number (YAML `0440` is already octal) or an octal string. */
export const fileMode: Transform = (value) => {
  if (typeof value === 'string' && /^[0-7]+$/.test(value.trim())) return Number.parseInt(value.trim(), 8);
  return value;
};
