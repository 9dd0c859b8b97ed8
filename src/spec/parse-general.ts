import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic, Range } from '../base/index.ts';
import { errorAt } from './diagnostic.ts';
import { put, type Origin, type Origins } from './origins.ts';
import type { ParseResult } from './parse.ts';

/** Expanding aliases past this many nodes is an alias bomb, not a compose file. */
const ALIAS_NODE_BUDGET = 200_000;

/**
 * The general path of parse.ts: the `yaml` library, for everything the fast
 * reader leaves (exotic YAML, and every error, which it reports with
 * positions). YAML 1.2 core schema as compose-go's yaml.v3, plus `<<` merge
 * keys and leading-zero octal integers; `!reset`/`!override` become merge
 * directives in the origin map; other local tags are errors.
 */
export function parseComposeTextGeneral(text: string, file: string, origins: Origins): ParseResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  const list: Document[] = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    for (const e of (docs as { errors: YamlErrorLike[] }).errors) diagnostics.push(yamlError(e, file, lineCounter));
  }
  const documents: Record<string, unknown>[] = [];
  for (const doc of list) {
    const errors = doc.errors.map((e) => yamlError(e, file, lineCounter));
    errors.push(...unknownTags(doc.warnings, file, lineCounter));
    diagnostics.push(...errors);
    if (errors.length > 0) continue;
    const converter = new Converter(doc, lineCounter, file, origins, diagnostics);
    const value = converter.convert(doc.contents as Node | null);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      diagnostics.push(
        errorAt({
          code: 'STK1006',
          message: `the top level of a compose file must be a mapping, not ${Array.isArray(value) ? 'a list' : `the ${typeof value} ${JSON.stringify(value)}`}`,
          at: { file, value: converter.range(doc.contents as Node) },
          part: 'value',
          hint: 'start the file with `services:` and indent the service definitions under it',
        }),
      );
      continue;
    }
    documents.push(value as Record<string, unknown>);
  }
  if (documents.length === 0 && diagnostics.length === 0) {
    diagnostics.push(
      errorAt({
        code: 'STK1005',
        message: 'the compose file is empty',
        file,
        at: { file, value: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } },
        hint: 'define at least one service under `services:`, or remove the file from the list of compose files',
      }),
    );
  }
  return { documents, diagnostics };
}

interface YamlErrorLike {
  readonly code: string;
  readonly message: string;
  readonly pos: readonly [number, number];
}

function yamlError(e: YamlErrorLike, file: string, lineCounter: LineCounter): Diagnostic {
  const start = lineCounter.linePos(e.pos[0]);
  const end = lineCounter.linePos(Math.max(e.pos[1], e.pos[0] + 1));
  const range: Range = { start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } };
  // The library's text names the problem well; its own position suffix and frame are dropped for ours.
  const what = e.message.split(/ at line \d+, column \d+/)[0]!.split('\n')[0]!.trim();
  if (e.code === 'DUPLICATE_KEY') {
    return errorAt({
      code: 'STK1002',
      message: 'this key appears twice in the same mapping',
      at: { file, key: range },
      hint: 'remove one of the two entries, or merge them into one',
    });
  }
  return errorAt({
    code: 'STK1001',
    message: `YAML syntax error: ${lowerFirst(what)}`,
    at: { file, key: range },
    hint: yamlHint(e.code),
  });
}

function yamlHint(code: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces; YAML does not allow tabs for indentation';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation of this line against the lines above it';
    case 'BAD_ALIAS':
      return 'define the anchor (`&name`) before using the alias (`*name`), in the same file';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key must fit on one line; quote the value or use a block scalar (`|`)';
    default:
      return 'fix the YAML syntax at this place; quote values that contain `:`, `#`, `{` or `[`';
  }
}

/** Tags the YAML library could not resolve, except the two Compose gives a meaning to. */
function unknownTags(warnings: readonly YamlErrorLike[], file: string, lineCounter: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const w of warnings) {
    const tag = w.code === 'TAG_RESOLVE_FAILED' ? /Unresolved tag: (\S+)/.exec(w.message)?.[1] : undefined;
    if (tag === undefined || tag === '!reset' || tag === '!override') continue;
    const start = lineCounter.linePos(w.pos[0]);
    const end = lineCounter.linePos(w.pos[1]);
    out.push(
      errorAt({
        code: 'STK1013',
        message: `unknown YAML tag "${tag}"`,
        at: { file, key: { start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } } },
        hint: 'Compose understands only `!reset` (drop the inherited value) and `!override` (replace it without merging); remove the tag',
      }),
    );
  }
  return out;
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}

class Converter {
  readonly #memo = new Map<Node, unknown>();
  readonly #sizes = new Map<Node, number>();
  readonly #active = new Set<Node>();
  #aliasNodes = 0;
  #bombReported = false;

  readonly doc: Document;
  readonly lineCounter: LineCounter;
  readonly file: string;
  readonly origins: Origins;
  readonly diagnostics: Diagnostic[];

  constructor(doc: Document, lineCounter: LineCounter, file: string, origins: Origins, diagnostics: Diagnostic[]) {
    this.doc = doc;
    this.lineCounter = lineCounter;
    this.file = file;
    this.origins = origins;
    this.diagnostics = diagnostics;
  }

  range(node: Node | null | undefined): Range | undefined {
    const r = node?.range;
    if (!r) return undefined;
    const start = this.lineCounter.linePos(r[0]);
    const end = this.lineCounter.linePos(r[1]);
    return { start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } };
  }

  origin(key: Node | null | undefined, value: Node | null | undefined): Origin {
    const keyRange = this.range(key);
    let valueRange = this.range(value);
    // `key:` with nothing after it has an empty value range; point at the key instead.
    if (valueRange && value?.range && value.range[0] === value.range[1]) valueRange = keyRange;
    return { file: this.file, ...(keyRange ? { key: keyRange } : {}), ...(valueRange ? { value: valueRange } : {}) };
  }

  convert(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.alias(node);
    const memo = this.#memo.get(node);
    if (memo !== undefined) return memo;
    let value: unknown;
    if (isScalar(node)) value = scalarValue(node);
    else if (isMap(node)) value = this.map(node);
    else if (isSeq(node)) value = this.seq(node);
    else value = null;
    this.#memo.set(node, value);
    return value;
  }

  private alias(node: Node): unknown {
    const target = (node as unknown as { resolve(doc: Document): Node | undefined }).resolve(this.doc);
    if (!target) return null;
    if (this.#active.has(target)) {
      this.diagnostics.push(
        errorAt({
          code: 'STK1001',
          message: 'YAML syntax error: this alias refers to a mapping or list that contains it',
          at: this.origin(node, node),
          hint: 'an alias cannot point at one of its own parents; copy the values instead',
        }),
      );
      return null;
    }
    this.#aliasNodes += this.size(target);
    if (this.#aliasNodes > ALIAS_NODE_BUDGET) {
      if (!this.#bombReported) {
        this.#bombReported = true;
        this.diagnostics.push(
          errorAt({
            code: 'STK1015',
            message: `aliases in this file expand to more than ${ALIAS_NODE_BUDGET} values`,
            at: this.origin(node, node),
            hint: 'use fewer nested aliases; a compose file never needs this many',
          }),
        );
      }
      return null;
    }
    return this.convert(target);
  }

  /** How many nodes an alias to `node` expands to. */
  private size(node: Node): number {
    const known = this.#sizes.get(node);
    if (known !== undefined) return known;
    let n = 1;
    this.#sizes.set(node, 1); // guards against cycles while counting
    if (isMap(node)) for (const p of node.items) n += (isPair(p) && p.value ? this.size(resolveAlias(p.value as Node, this.doc)) : 0) + 1;
    else if (isSeq(node)) for (const item of node.items) n += item ? this.size(resolveAlias(item as Node, this.doc)) : 1;
    this.#sizes.set(node, n);
    return n;
  }

  private map(node: Node): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.#active.add(node);
    const mergeSources: Node[] = [];
    for (const pair of (node as unknown as { items: unknown[] }).items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
        if (valueNode) mergeSources.push(valueNode);
        continue;
      }
      const key = this.key(keyNode);
      if (key === undefined) continue;
      const origin = this.origin(keyNode, valueNode);
      this.origins.set(out, key, origin);
      if (valueNode?.tag === '!reset') {
        this.origins.setDirective(out, key, 'reset');
        continue;
      }
      if (valueNode?.tag === '!override') this.origins.setDirective(out, key, 'override');
      put(out, key, this.convert(valueNode));
    }
    for (const source of this.mergeSources(mergeSources)) {
      for (const key of Object.keys(source)) {
        if (Object.prototype.hasOwnProperty.call(out, key) || this.origins.directive(out, key) === 'reset') continue;
        put(out, key, source[key]);
        this.origins.copy(source, key, out);
      }
    }
    this.#active.delete(node);
    this.origins.setSelf(out, this.origin(node, node));
    return out;
  }

  /** The mappings `<<` merges in, first ones first (they win over later ones). */
  private mergeSources(nodes: readonly Node[]): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const node of nodes) {
      const items = isSeq(node) ? (node.items as Node[]) : [node];
      for (const item of items) {
        const value = this.convert(item);
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) out.push(value as Record<string, unknown>);
        else {
          this.diagnostics.push(
            errorAt({
              code: 'STK1001',
              message: 'YAML syntax error: a `<<` merge key takes a mapping or a list of mappings',
              at: this.origin(item, item),
              hint: 'merge an alias to a mapping (`<<: *defaults`) or a list of them (`<<: [*a, *b]`)',
            }),
          );
        }
      }
    }
    return out;
  }

  private key(keyNode: Node | null): string | undefined {
    const node = keyNode && isAlias(keyNode) ? resolveAlias(keyNode, this.doc) : keyNode;
    if (node === null || node === undefined) return 'null';
    if (isScalar(node)) {
      const v = scalarValue(node);
      return v === null ? 'null' : String(v);
    }
    this.diagnostics.push(
      errorAt({
        code: 'STK1014',
        message: 'a mapping key must be a plain value, not a list or a mapping',
        at: this.origin(keyNode, keyNode),
        hint: 'use a string as the key',
      }),
    );
    return undefined;
  }

  private seq(node: Node): unknown[] {
    const out: unknown[] = [];
    this.#active.add(node);
    for (const item of (node as unknown as { items: (Node | null)[] }).items) {
      if (item?.tag === '!reset') continue;
      const index = out.length;
      out.push(this.convert(item));
      this.origins.set(out, index, this.origin(item, item));
    }
    this.#active.delete(node);
    this.origins.setSelf(out, this.origin(node, node));
    return out;
  }
}

function resolveAlias(node: Node, doc: Document): Node {
  if (!isAlias(node)) return node;
  return (node as unknown as { resolve(doc: Document): Node | undefined }).resolve(doc) ?? node;
}

/** The value of a scalar; plain `0755`-style integers are octal, as in yaml.v3 that Compose uses. */
function scalarValue(node: Node): unknown {
  if (!isScalar(node)) return null;
  const source = (node as unknown as { source?: unknown }).source;
  if (node.type === 'PLAIN' && typeof source === 'string' && /^[-+]?0[0-7]+$/.test(source)) return Number.parseInt(source, 8);
  const value = node.value;
  if (typeof value === 'bigint') return Number(value);
  return value === undefined ? null : value;
}
