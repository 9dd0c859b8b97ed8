import type { VolumeFilters, VolumeRecord } from './volume-types.ts';

/**
 * Docker's volume list/prune filters: `name` (substring), `driver`, `label`
 * (`key` or `key=value`, all must match), `label!` (none may match),
 * `dangling` (`true`: used by no container). Each filter key is an AND; the
 * values of one key are an OR, except labels which are all required.
 */
export function volumeMatchesFilters(record: VolumeRecord, filters: VolumeFilters, inUse: boolean): boolean {
  for (const [key, values] of Object.entries(filters)) {
    if (values.length === 0) continue;
    switch (key) {
      case 'name':
        if (!values.some((v) => record.name.includes(v))) return false;
        break;
      case 'driver':
        if (!values.includes(record.driver)) return false;
        break;
      case 'label':
        if (!values.every((v) => labelMatches(record.labels, v))) return false;
        break;
      case 'label!':
        if (values.some((v) => labelMatches(record.labels, v))) return false;
        break;
      case 'dangling': {
        const wantDangling = values.some((v) => v === 'true' || v === '1');
        const wantUsed = values.some((v) => v === 'false' || v === '0');
        if (wantDangling && !wantUsed && inUse) return false;
        if (wantUsed && !wantDangling && !inUse) return false;
        break;
      }
      default:
        // Unknown keys are rejected by the API layer (Docker answers 400); here they match nothing extra.
        break;
    }
  }
  return true;
}

/** `key` matches when the label exists; `key=value` when it has that value. */
export function labelMatches(labels: Readonly<Record<string, string>>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return Object.hasOwn(labels, filter);
  const key = filter.slice(0, eq);
  return Object.hasOwn(labels, key) && labels[key] === filter.slice(eq + 1);
}

/** The filter keys this module understands, for the API layer's validation. */
export const volumeFilterKeys: readonly string[] = ['dangling', 'driver', 'label', 'label!', 'name'];
