import { isAlias, isCollection, isNode, isPair, type Alias, type Document, type Node } from 'yaml';

/**
 * Where the aliases of one document point: each alias to the last node
 * before it (in document order) that carries its anchor, as YAML defines it.
 *
 * The library's `Alias.resolve(doc)` walks the whole document on every call,
 * so 50 services that each merge `<<: *defaults` cost 50 walks; this index
 * walks once, on the first alias, and a document without aliases never
 * pays for it. The converter, the alias-bomb budget and merge keys all
 * resolve through it.
 */
export class AnchorIndex {
  readonly #doc: Document;
  #targets: Map<Alias, Node> | undefined;

  constructor(doc: Document) {
    this.#doc = doc;
  }

  /** The node `alias` stands for; undefined when no node before it has that anchor. */
  target(alias: Alias): Node | undefined {
    this.#targets ??= aliasTargets(this.#doc);
    return this.#targets.get(alias);
  }

  /** `node` itself, or what it stands for when it is an alias (itself again when that is undefined). */
  resolve(node: Node): Node {
    return isAlias(node) ? (this.target(node) ?? node) : node;
  }
}

function aliasTargets(doc: Document): Map<Alias, Node> {
  const latest = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  // Document order, a collection before its members (as the library's own
  // resolution sees it): an alias inside the collection that carries its
  // anchor resolves to that collection, which the converter reports as a
  // self-reference. A plain walk: the library's visit() freezes a path
  // array at every node, which costs more than the rest of this.
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      const target = latest.get(node.source);
      if (target) targets.set(node, target);
      return;
    }
    if (!isNode(node)) return;
    if (node.anchor) latest.set(node.anchor, node);
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else walk(item);
      }
    }
  };
  walk(doc.contents);
  return targets;
}
