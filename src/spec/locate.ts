import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { Range } from '../base/index.ts';

/** Where a path of a document is in its file: the range of the key, or of the value. */
export type Locate = (path: readonly (string | number)[], part: 'key' | 'value') => Range | undefined;

/**
 * A locator over a parsed YAML document. Paths are those of the plain value
 * the document converts to (`['services', 'web', 'ports', 0]`). When a path
 * goes deeper than the document (a value produced by a merge key or an alias),
 * the range of the deepest node that exists is returned, so a diagnostic
 * still points somewhere useful.
 */
export function locatorFor(doc: Document, lineCounter: LineCounter): Locate {
  const toRange = (range: readonly [number, number, number?] | null | undefined): Range | undefined => {
    if (!range) return undefined;
    const start = lineCounter.linePos(range[0]);
    const end = lineCounter.linePos(range[1]);
    return { start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } };
  };
  return (path, part) => {
    let node: unknown = doc.contents;
    let lastPair: Pair | undefined;
    let best: Range | undefined = toRange((node as Node | null)?.range);
    for (const segment of path) {
      const found = child(node, segment);
      if (!found) return best;
      lastPair = found.pair;
      node = found.node;
      best = toRange((node as Node | null)?.range) ?? toRange((found.pair?.key as Node | null)?.range) ?? best;
    }
    if (part === 'key' && lastPair && isScalar(lastPair.key)) return toRange(lastPair.key.range) ?? best;
    return toRange((node as Node | null)?.range) ?? best;
  };
}

function child(node: unknown, segment: string | number): { node: unknown; pair?: Pair } | undefined {
  if (isMap(node)) {
    // The last occurrence wins, as in the converted value.
    for (let i = node.items.length - 1; i >= 0; i--) {
      const pair = node.items[i];
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) return { node: pair.value, pair };
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { node: item };
  }
  return undefined;
}
