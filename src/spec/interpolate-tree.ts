import type { Diagnostic } from '../base/index.ts';
import { errorAt, warningAt } from './diagnostic.ts';
import { interpolateString, type Lookup } from './interpolate.ts';
import { isContainer, put, type Origin, type Origins } from './origins.ts';
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
 * (type-casts.ts). Builds new containers and carries the origins over, so diagnostics of
 * later phases still point at the text the user wrote.
 */
export function interpolateTree<T>(root: T, lookup: Lookup, origins: Origins): InterpolatedTree<T> {
  const diagnostics: Diagnostic[] = [];
  const unset = new Map<string, Origin | undefined>();
  const path: (string | number)[] = [];
  const visit = (value: unknown, origin: Origin | undefined): unknown => {
    if (typeof value === 'string') {
      const text = interpolateValue(value, origin);
      const cast = castFor(path);
      return cast ? cast(text) : text;
    }
    if (!isContainer(value)) return value;
    if (Array.isArray(value)) {
      const out = value.map((item, i) => {
        path.push(i);
        const v = visit(item, origins.get(value, i));
        path.pop();
        return v;
      });
      origins.copyAll(value, out);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      put(out, key, visit(item, origins.get(value, key)));
      path.pop();
    }
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
  const value = visit(root, isContainer(root) ? origins.self(root) : undefined) as T;
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
