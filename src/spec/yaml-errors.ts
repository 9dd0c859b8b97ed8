import type { LineCounter, YAMLError } from 'yaml';
import type { Diagnostic } from '../base/index.ts';
import { errorAt } from './diagnostic.ts';
import { offsetRange } from './source-origin.ts';

/**
 * A syntax error of the `yaml` library as our diagnostic: STK1002 for a
 * duplicate key, STK1001 for the rest, placed where the library found it.
 * The library's text names the problem well; its own position suffix and
 * code frame are dropped for ours.
 */
export function yamlErrorDiagnostic(e: YAMLError, file: string, lines: LineCounter): Diagnostic {
  const range = offsetRange(lines, e.pos[0], Math.max(e.pos[1], e.pos[0] + 1));
  if (e.code === 'DUPLICATE_KEY') {
    return errorAt({
      code: 'STK1002',
      message: 'this key appears twice in the same mapping',
      at: { file, key: range },
      hint: 'remove one of the two entries, or merge them into one',
    });
  }
  const what = e.message.split(/ at line \d+, column \d+/)[0]!.split('\n')[0]!.trim();
  return errorAt({
    code: 'STK1001',
    message: `YAML syntax error: ${lowerFirst(what)}`,
    at: { file, key: range },
    hint: yamlHint(e.code),
  });
}

/** Tags the library could not resolve (warnings), except the two Compose gives a meaning to, as STK1013 errors. */
export function unknownTagDiagnostics(warnings: readonly YAMLError[], file: string, lines: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const w of warnings) {
    const tag = w.code === 'TAG_RESOLVE_FAILED' ? /Unresolved tag: (\S+)/.exec(w.message)?.[1] : undefined;
    if (tag === undefined || tag === '!reset' || tag === '!override') continue;
    out.push(
      errorAt({
        code: 'STK1013',
        message: `unknown YAML tag "${tag}"`,
        at: { file, key: offsetRange(lines, w.pos[0], w.pos[1]) },
        hint: 'Compose understands only `!reset` (drop the inherited value) and `!override` (replace it without merging); remove the tag',
      }),
    );
  }
  return out;
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

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}
