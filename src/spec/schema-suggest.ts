import { compareStrings } from '../base/index.ts';

/**
 * The candidate a mistyped word most likely meant, or undefined when none is
 * close enough to be worth suggesting. Case and the `-`/`_` confusion are
 * free (`Image`, `env-file`); beyond that, edits with transpositions counted
 * once, allowing about one edit per three letters. Ties go to the
 * alphabetically first candidate, so the suggestion is stable.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const normalized = normalize(word);
  const budget = word.length <= 3 ? 1 : word.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of [...candidates].sort(compareStrings)) {
    if (candidate === word) continue;
    const distance = editDistance(normalized, normalize(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= budget ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows: the transposition rule looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

function normalize(word: string): string {
  return word.toLowerCase().replace(/-/g, '_');
}
