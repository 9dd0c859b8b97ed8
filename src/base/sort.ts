/** Code-point order, independent of locale: the order used for every sorted output. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The entries of a record sorted by key (house rule: sort every map before iterating). */
export function sortedEntries<T>(record: Readonly<Record<string, T>> | undefined): [string, T][] {
  if (!record) return [];
  return Object.keys(record)
    .sort(compareStrings)
    .map((key) => [key, record[key] as T]);
}
