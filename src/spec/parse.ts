import { LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { Diagnostic } from '../base/index.ts';
import { errorAt } from './diagnostic.ts';
import type { Origins } from './origins.ts';
import { DocumentConverter } from './yaml-convert.ts';
import { unknownTagDiagnostics, yamlErrorDiagnostic } from './yaml-errors.ts';

/** One compose file after YAML parsing: its documents as plain mappings, with origins recorded. */
export interface ParseResult {
  /** The top-level mappings, in file order (a file may hold several `---` documents). */
  readonly documents: readonly Record<string, unknown>[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses the text of a compose file with the `yaml` library: YAML 1.2 core
 * schema (as compose-go's yaml.v3), plus what Compose relies on from YAML
 * 1.1: `<<` merge keys and leading-zero octal integers (`mode: 0440`).
 * `!reset` and `!override` are kept as merge directives in the origin map;
 * any other local tag is an error. Never throws: every problem is a
 * diagnostic with a position.
 */
export function parseComposeText(text: string, file: string, origins: Origins): ParseResult {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, merge: true, uniqueKeys: true, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  // A stream without documents carries its own errors (a stray directive, a bad marker).
  if ('empty' in docs) {
    for (const e of docs.errors) diagnostics.push(yamlErrorDiagnostic(e, file, lines));
    return { documents: [], diagnostics: diagnostics.length > 0 ? diagnostics : [emptyFile(file)] };
  }
  const documents: Record<string, unknown>[] = [];
  for (const doc of docs) {
    const errors = doc.errors.map((e) => yamlErrorDiagnostic(e, file, lines));
    if (doc.warnings.length > 0) errors.push(...unknownTagDiagnostics(doc.warnings, file, lines));
    diagnostics.push(...errors);
    if (errors.length > 0) continue;
    const converter = new DocumentConverter(doc, lines, file, origins, diagnostics);
    const contents = doc.contents as Node | null;
    const value = converter.convert(contents);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      diagnostics.push(
        errorAt({
          code: 'STK1006',
          message: `the top level of a compose file must be a mapping, not ${Array.isArray(value) ? 'a list' : `the ${typeof value} ${JSON.stringify(value)}`}`,
          at: converter.origin(contents, contents),
          part: 'value',
          hint: 'start the file with `services:` and indent the service definitions under it',
        }),
      );
      continue;
    }
    documents.push(value as Record<string, unknown>);
  }
  if (documents.length === 0 && diagnostics.length === 0) diagnostics.push(emptyFile(file));
  return { documents, diagnostics };
}

function emptyFile(file: string): Diagnostic {
  return errorAt({
    code: 'STK1005',
    message: 'the compose file is empty',
    at: { file, value: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } },
    hint: 'define at least one service under `services:`, or remove the file from the list of compose files',
  });
}
