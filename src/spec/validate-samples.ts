import fc from 'fast-check';

/**
 * Test support for the schema conformance test: random documents drawn from a
 * JSON Schema, mostly valid and sometimes a little wrong (a value of another
 * type, an enum value with a typo, a key that is not allowed, a duplicate
 * list item, a number past a bound). Drawn from the reference schema they
 * reach corners the corpus never visits; drawn from ours they reach whatever
 * we might have allowed by mistake.
 */

type Draw = fc.GeneratorValue;
type Node = Readonly<Record<string, unknown>>;

const nameKeys = ['web', 'db', 'a.b', 'x-ext', '0', 'nofile', 'NOFILE', 'app_1', '-x'];
const keyPool = ['web', 'db', 'a.b', 'x-ext', 'x-', 'a b', '', 'NOFILE', 'nofile', '0', 'unknown_key', 'Image', 'é'];
const stringPool = [
  ...['always', 'never', 'build', 'missing', 'every_5m', 'every_', 'xalwaysx', 'sometimes', 'host', 'hosts', 'private'],
  ...['service_started', 'service_healthy', 'bind', 'volume', 'z', 'Z', 'all', 'start-first', 'sync+exec', 'enabled'],
  ...['a', 'ab', '-a', 'a b', 'web', '', '0', '8080:80', 'x-foo', '\n', 'my-container', '_x', '.x'],
];
const numberPool = [-1001, -1000, -1, 0, 1, 1.5, 99, 100, 101, 1000, 1001, 65535];
const wrongPool: readonly unknown[] = [null, true, 0, -1, 1.5, 'text', '', [], ['a'], ['a', 'a'], {}, { a: 1 }, [{ a: 1 }]];

export function schemaSample(draw: Draw, root: Node): unknown {
  // How wrong this document is: a third are drawn clean, so both verdicts are common.
  const noise = pick(draw, [0, 0.01, 0.05]);
  return sample({ draw, root, noise }, root, 0);
}

interface Context {
  readonly draw: Draw;
  readonly root: Node;
  /** Probability, at each place, of a deliberate mistake. */
  readonly noise: number;
}

function sample(context: Context, input: unknown, depth: number): unknown {
  const { draw, root, noise } = context;
  const node = resolve(root, input);
  if (node === undefined) return pick(draw, wrongPool);
  // Now and then, a value of any shape: the place's type check must say no (or yes) like the other schema.
  if (chance(draw, noise)) return structuredClone(pick(draw, wrongPool));
  if (Array.isArray(node.oneOf)) return sample(context, pick(draw, node.oneOf), depth);
  if (Array.isArray(node.enum) && !chance(draw, noise * 3)) return pick(draw, node.enum);
  const types = typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? (node.type as string[]) : ['string', 'integer', 'object', 'array', 'null'];
  const type = depth > 7 ? (types.find((t) => t !== 'object' && t !== 'array') ?? 'null') : pick(draw, types);
  switch (type) {
    case 'object':
      return sampleObject(context, node, depth);
    case 'array':
      return sampleArray(context, node, depth);
    case 'string':
      return chance(draw, 0.7) ? pick(draw, stringPool) : draw(fc.string, { maxLength: 5 });
    case 'integer':
      return chance(draw, 0.8) ? pick(draw, numberPool.filter(Number.isInteger)) : draw(fc.integer);
    case 'number':
      return pick(draw, numberPool);
    case 'boolean':
      return draw(fc.boolean);
    default:
      return null;
  }
}

function sampleObject(context: Context, node: Node, depth: number): Record<string, unknown> {
  const { draw, noise } = context;
  const out: Record<string, unknown> = {};
  const properties = isNode(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? (node.required as string[]) : [];
  const names = Object.keys(properties);
  // About three keys per mapping, fewer deeper down, so documents stay small.
  const rate = Math.min(1, 3 / Math.max(1, names.length)) / (1 + depth / 4);
  for (const name of names) {
    if ((required.includes(name) && !chance(draw, noise * 2)) || chance(draw, rate)) out[name] = sample(context, properties[name], depth + 1);
  }
  const patterns = isNode(node.patternProperties) ? Object.entries(node.patternProperties) : [];
  // Keys beyond the declared ones: names in maps of services, volumes..., x- keys, and now and then a stray key.
  const mapLike = patterns.some(([pattern]) => pattern !== '^x-') || isNode(node.additionalProperties);
  const extensions = patterns.some(([pattern]) => pattern === '^x-');
  const extraCount = mapLike || chance(draw, noise * 4) ? draw(() => fc.noBias(fc.nat({ max: 2 }))) : extensions && chance(draw, 0.2) ? 1 : 0;
  for (let i = 0; i < extraCount; i++) {
    const stray = chance(draw, noise * 4);
    const key = !stray
      ? pick(draw, mapLike ? nameKeys : ['x-ext', 'x-'])
      : chance(draw, 0.5) && names.length > 0
        ? `${pick(draw, names)}${pick(draw, ['', 's', '_'])}`
        : pick(draw, keyPool);
    if (Object.hasOwn(out, key)) continue;
    const matching = patterns.find(([pattern]) => new RegExp(pattern, 'u').test(key));
    const schema = properties[key] ?? matching?.[1] ?? node.additionalProperties ?? {};
    out[key] = schema === false ? pick(draw, wrongPool) : sample(context, schema === true ? {} : schema, depth + 1);
  }
  return out;
}

function sampleArray(context: Context, node: Node, depth: number): unknown[] {
  const { draw, noise } = context;
  const count = draw(() => fc.noBias(fc.nat({ max: 3 })));
  const items = Array.from({ length: count }, () => sample(context, node.items ?? {}, depth + 1));
  if (items.length > 0 && chance(draw, noise * 3)) items.push(structuredClone(items[0]));
  return items;
}

function resolve(root: Node, input: unknown): Node | undefined {
  let node = input;
  for (let hops = 0; isNode(node) && typeof node.$ref === 'string' && hops < 32; hops++) {
    let target: unknown = root;
    for (const key of node.$ref.replace(/^[^#]*#\//, '').split('/')) target = isNode(target) ? target[key] : undefined;
    node = target;
  }
  return isNode(node) ? node : node === true ? {} : undefined;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Unbiased draws: fast-check leans towards small values by default, which
// would turn every "rare" mistake into a frequent one.
function pick<T>(draw: Draw, items: readonly T[]): T {
  return items[draw(() => fc.noBias(fc.nat({ max: items.length - 1 })))]!;
}

function chance(draw: Draw, probability: number): boolean {
  return draw(() => fc.noBias(fc.nat({ max: 9999 }))) < probability * 10_000;
}
