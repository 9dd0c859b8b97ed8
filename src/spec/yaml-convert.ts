import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type LineCounter, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Diagnostic } from '../base/index.ts';
import { errorAt } from './diagnostic.ts';
import { put, type Origin, type Origins } from './origins.ts';
import { SourceOrigin } from './source-origin.ts';
import { AnchorIndex } from './yaml-anchors.ts';

/** Expanding aliases past this many nodes is an alias bomb, not a compose file. */
const ALIAS_NODE_BUDGET = 200_000;

/**
 * Turns one parsed YAML document into plain data (mappings, lists,
 * scalars), recording in the origin map where every member was written.
 * Applies `<<` merge keys (explicit keys win, then the first merged
 * mapping), reads plain leading-zero integers as octal as yaml.v3 does,
 * keeps `!reset`/`!override` as merge directives, and stops an alias bomb
 * with STK1015 instead of expanding it.
 */
export class DocumentConverter {
  readonly #lines: LineCounter;
  readonly #file: string;
  readonly #origins: Origins;
  readonly #diagnostics: Diagnostic[];
  readonly #anchors: AnchorIndex;
  /** Converted anchored collections: every alias to one shares its value (and so its origins). */
  readonly #memo = new Map<Node, unknown>();
  /** Anchored collections being converted: an alias to one of them is a self-reference. */
  readonly #active = new Set<Node>();
  readonly #sizes = new Map<Node, number>();
  #aliasNodes = 0;
  #bombReported = false;

  constructor(doc: Document, lines: LineCounter, file: string, origins: Origins, diagnostics: Diagnostic[]) {
    this.#lines = lines;
    this.#file = file;
    this.#origins = origins;
    this.#diagnostics = diagnostics;
    this.#anchors = new AnchorIndex(doc);
  }

  /** Where a node was written, keeping offsets (ranges are computed when asked for). */
  origin(key: Node | null | undefined, value: Node | null | undefined): SourceOrigin {
    const k = key?.range;
    let v = value?.range;
    // `key:` with nothing after it has an empty value range; point at the key instead.
    if (v && v[0] === v[1]) v = k;
    return new SourceOrigin(this.#file, this.#lines, k ? k[0] : -1, k ? k[1] : -1, v ? v[0] : -1, v ? v[1] : -1);
  }

  convert(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return scalarValue(node);
    if (isAlias(node)) return this.#alias(node);
    if (node.anchor === undefined) return this.#collection(node);
    const memo = this.#memo.get(node);
    if (memo !== undefined) return memo;
    this.#active.add(node);
    const value = this.#collection(node);
    this.#active.delete(node);
    this.#memo.set(node, value);
    return value;
  }

  #collection(node: Node): unknown {
    if (isMap(node)) return this.#map(node);
    if (isSeq(node)) return this.#seq(node);
    return null;
  }

  #alias(node: Alias): unknown {
    const target = this.#anchors.target(node);
    if (!target) return null;
    if (this.#active.has(target)) {
      this.#diagnostics.push(
        errorAt({
          code: 'STK1001',
          message: 'YAML syntax error: this alias refers to a mapping or list that contains it',
          at: this.origin(node, node),
          hint: 'an alias cannot point at one of its own parents; copy the values instead',
        }),
      );
      return null;
    }
    this.#aliasNodes += this.#size(target);
    if (this.#aliasNodes > ALIAS_NODE_BUDGET) {
      if (!this.#bombReported) {
        this.#bombReported = true;
        this.#diagnostics.push(
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
  #size(node: Node): number {
    const known = this.#sizes.get(node);
    if (known !== undefined) return known;
    let n = 1;
    this.#sizes.set(node, 1); // guards against cycles while counting
    if (isMap(node)) for (const p of node.items) n += (p.value ? this.#size(this.#anchors.resolve(p.value as Node)) : 0) + 1;
    else if (isSeq(node)) for (const item of node.items) n += item ? this.#size(this.#anchors.resolve(item as Node)) : 1;
    this.#sizes.set(node, n);
    return n;
  }

  #map(node: YAMLMap): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const members = new Map<string, Origin>();
    let mergeSources: Node[] | undefined;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
        if (valueNode) (mergeSources ??= []).push(valueNode);
        continue;
      }
      const key = this.#key(keyNode);
      if (key === undefined) continue;
      members.set(key, this.origin(keyNode, valueNode));
      const tag = valueNode?.tag;
      if (tag === '!reset') {
        this.#origins.setDirective(out, key, 'reset');
        continue;
      }
      if (tag === '!override') this.#origins.setDirective(out, key, 'override');
      put(out, key, this.convert(valueNode));
    }
    this.#origins.adopt(out, members);
    if (mergeSources) this.#merge(out, mergeSources);
    this.#origins.setSelf(out, this.origin(node, node));
    return out;
  }

  /** Adds what `<<` merges in: keys the mapping does not set (or reset), the first merged mapping winning. */
  #merge(out: Record<string, unknown>, nodes: readonly Node[]): void {
    for (const node of nodes) {
      for (const item of isSeq(node) ? (node.items as Node[]) : [node]) {
        const source = this.convert(item);
        if (source === null || typeof source !== 'object' || Array.isArray(source)) {
          this.#diagnostics.push(
            errorAt({
              code: 'STK1001',
              message: 'YAML syntax error: a `<<` merge key takes a mapping or a list of mappings',
              at: this.origin(item, item),
              hint: 'merge an alias to a mapping (`<<: *defaults`) or a list of them (`<<: [*a, *b]`)',
            }),
          );
          continue;
        }
        const from = source as Record<string, unknown>;
        for (const key of Object.keys(from)) {
          if (Object.prototype.hasOwnProperty.call(out, key) || this.#origins.directive(out, key) === 'reset') continue;
          put(out, key, from[key]);
          this.#origins.copy(from, key, out);
        }
      }
    }
  }

  #key(keyNode: Node | null): string | undefined {
    const node = keyNode ? this.#anchors.resolve(keyNode) : keyNode;
    if (node === null || node === undefined) return 'null';
    if (isScalar(node)) {
      const v = scalarValue(node);
      return v === null ? 'null' : String(v);
    }
    this.#diagnostics.push(
      errorAt({
        code: 'STK1014',
        message: 'a mapping key must be a plain value, not a list or a mapping',
        at: this.origin(keyNode, keyNode),
        hint: 'use a string as the key',
      }),
    );
    return undefined;
  }

  #seq(node: YAMLSeq): unknown[] {
    const out: unknown[] = [];
    const members = new Map<number, Origin>();
    for (const item of node.items as (Node | null)[]) {
      if (item?.tag === '!reset') continue;
      members.set(out.length, this.origin(item, item));
      out.push(this.convert(item));
    }
    this.#origins.adopt(out, members);
    this.#origins.setSelf(out, this.origin(node, node));
    return out;
  }
}

const OCTAL = /^[-+]?0[0-7]+$/;

/** The value of a scalar; plain `0755`-style integers are octal, as in yaml.v3 that Compose uses. */
function scalarValue(node: Scalar): unknown {
  const value = node.value;
  if (typeof value === 'number' && node.type === 'PLAIN') {
    const source = node.source;
    if (typeof source === 'string' && OCTAL.test(source)) return Number.parseInt(source, 8);
  }
  if (typeof value === 'bigint') return Number(value);
  return value === undefined ? null : value;
}
