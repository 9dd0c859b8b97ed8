import type { Diagnostic } from '../base/index.ts';
import { errorAt, warningAt } from './diagnostic.ts';
import { interpolateString, type Lookup } from './interpolate.ts';
import { put, type Origin, type Origins } from './origins.ts';
import { castFor } from './type-casts.ts';

export interface InterpolatedTree<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
  /** Variables that were used but not set, each with where it was first used. */
  readonly unset: ReadonlyMap<string, Origin | undefined>;
}

/**
 * Interpolates every string value of a parsed file (never keys, as Compose),
 * then turns strings at places that take numbers or booleans into them
 * (type-casts.ts). Builds new containers where something changed (keeping
 * the others) and carries the origins over, so diagnostics of
 * later phases still point at the text the user wrote.
 */
export function interpolateTree<T>(root: T, lookup: Lookup, origins: Origins): InterpolatedTree<T> {
  const diagnostics: Diagnostic[] = [];
  const unset = new Map<string, Origin | undefined>();
  const path: (string | number)[] = [];
  // Containers whose members did not change are kept as they are (with their origins): most values hold no `$`.
  // The origin of a member is looked up only for a string that is interpolated (it is needed for diagnostics only).
  const visit = (value: unknown, parent: object | undefined, key: string | number): unknown => {
    if (typeof value === 'string') {
      const text = value.includes('$') ? interpolateValue(value, parent ? origins.get(parent, key) : undefined) : value;
      const cast = castFor(path);
      return cast ? cast(text) : text;
    }
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        const item = value[i];
        const next = visit(item, value, i);
        path.pop();
        if (next !== item && !out) out = value.slice(0, i);
        if (out) out.push(next);
      }
      if (!out) return value;
      origins.copyAll(value, out);
      return out;
    }
    const record = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const key in record) {
      const item = record[key];
      path.push(key);
      const next = visit(item, record, key);
      path.pop();
      if (next !== item && !out) {
        out = {};
        for (const k in record) {
          if (k === key) break;
          put(out, k, record[k]);
        }
      }
      if (out) put(out, key, next);
    }
    if (!out) return value;
    origins.copyAll(value, out);
    return out;
  };
  const interpolateValue = (text: string, origin: Origin | undefined): string => {
    const { value, issues } = interpolateString(text, lookup);
    for (const issue of issues) {
      switch (issue.kind) {
        case 'unset':
          if (!unset.has(issue.name)) unset.set(issue.name, origin);
          break;
        case 'required':
          diagnostics.push(
            errorAt({
              code: 'STK1009',
              message: issue.message ? `required variable ${issue.name} is not set: ${issue.message}` : `required variable ${issue.name} is not set`,
              at: origin,
              part: 'value',
              hint: `set ${issue.name} in the shell environment or in the .env file (or --env-file)`,
            }),
          );
          break;
        case 'syntax':
          diagnostics.push(
            errorAt({
              code: 'STK1010',
              message: `invalid interpolation: ${issue.detail}`,
              at: origin,
              part: 'value',
              hint: 'use ${VAR}, ${VAR:-default}, ${VAR:?error} or ${VAR:+alternative}; write $$ for a literal $',
            }),
          );
          break;
      }
    }
    return value;
  };
  const value = visit(root, undefined, '') as T;
  return { value, diagnostics, unset };
}

/** The warning for a variable that was used unset; one per variable per load. */
export function unsetVariableWarning(name: string, origin: Origin | undefined): Diagnostic {
  return warningAt({
    code: 'STK1011',
    message: `variable ${name} is not set; it defaults to a blank string`,
    at: origin,
    part: 'value',
    hint: `set ${name} in the shell or the .env file, or give a default: \${${name}:-value}`,
  });
}
