import type { Diagnostic } from '../base/index.ts';
import { canonicalizeService } from './canonical-service.ts';
import { eachItem, mapping, object, rebuild, stringList, type CanonicalContext, type Transform } from './canonical-values.ts';
import { isRecord, put, type Origins } from './origins.ts';

/**
 * Short forms to Compose's canonical long forms, per file and before any
 * merge (compose-go's transform.Canonical): merging by key (ports, volumes,
 * environment...) needs both sides in the same shape. Values of the wrong
 * type are left alone for the schema to report.
 */
export function canonicalizeDocument(document: Record<string, unknown>, origins: Origins): { document: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ctx: CanonicalContext = { origins, diagnostics, origin: origins.self(document), owner: 'the project' };
  return { document: rebuild(document, ctx, TOP_LEVEL), diagnostics };
}

const named = (what: string, transform: Transform): Transform => (value, ctx) => {
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    put(out, key, transform(item, { ...ctx, origin: ctx.origins.get(value, key), owner: `${what} "${key}"` }));
    ctx.origins.copy(value, key, out);
  }
  ctx.origins.copySelf(value, out);
  return out;
};

/** `external: {name: x}` (deprecated) as `name: x` + `external: true`. */
const resource = (transforms: Readonly<Record<string, Transform>>): Transform => (value, ctx) => {
  if (value === null || value === undefined) {
    const out = {};
    ctx.origins.setSelf(out, ctx.origin);
    return out;
  }
  if (!isRecord(value)) return value;
  const out = rebuild(value, ctx, transforms);
  const external = out.external;
  if (isRecord(external)) {
    if (typeof external.name === 'string' && out.name === undefined) {
      out.name = external.name;
      ctx.origins.copy(external, 'name', out, 'name');
    }
    out.external = true;
  }
  return out;
};

const NETWORK = {
  labels: mapping('labels'),
  driver_opts: mapping('labels'),
  ipam: object({ config: eachItem(object({ aux_addresses: mapping('labels') })), options: mapping('labels') }),
};
const VOLUME = { labels: mapping('labels'), driver_opts: mapping('labels') };
const FILE_OBJECT = { labels: mapping('labels'), driver_opts: mapping('labels') };

const include: Transform = eachItem((item, ctx) => {
  if (typeof item === 'string') {
    const out = { path: [item] };
    ctx.origins.setSelf(out, ctx.origin);
    ctx.origins.set(out, 'path', ctx.origin);
    ctx.origins.set(out.path, 0, ctx.origin);
    return out;
  }
  return object({ path: stringList, env_file: stringList })(item, ctx);
});

const TOP_LEVEL: Readonly<Record<string, Transform>> = {
  services: (value, ctx) => {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [name, service] of Object.entries(value)) {
      put(out, name, canonicalizeService(name, service, ctx.origins, ctx.diagnostics));
      ctx.origins.copy(value, name, out);
    }
    ctx.origins.copySelf(value, out);
    return out;
  },
  networks: named('network', resource(NETWORK)),
  volumes: named('volume', resource(VOLUME)),
  secrets: named('secret', resource(FILE_OBJECT)),
  configs: named('config', resource(FILE_OBJECT)),
  include,
};
