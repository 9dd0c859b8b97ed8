import { sortDiagnostics, type Diagnostic, type RelatedLocation } from '../base/index.ts';
import { composeSchema, validateCompose } from './generated/compose-validator.js';
import type { Locate } from './locate.ts';
import { explainFinding } from './schema-messages.ts';
import { schemaFindings } from './schema-findings.ts';
import { valueAt } from './schema-walk.ts';

/**
 * Checks one Compose document (a file's content after interpolation, as plain
 * data) against schemas/compose.schema.json, and says what is wrong in
 * Compose terms: one STK2xxx diagnostic per offending key or value, placed on
 * the key or value in the file, with a hint (a did-you-mean, the allowed
 * values, or an example of the right form).
 *
 * The validator is ajv standalone code generated at build time
 * (scripts/build-steps.mjs): no schema compilation at run time.
 */
export function validateDocument(document: unknown, file: string, locate: Locate): Diagnostic[] {
  if (validateCompose(document)) return [];
  const diagnostics: Diagnostic[] = [];
  for (const finding of schemaFindings(validateCompose.errors ?? [], document, composeSchema)) {
    const explained = explainFinding(finding, document, composeSchema);
    // An empty value (`db:`) has no text of its own to underline: point at its key.
    const last = explained.path[explained.path.length - 1];
    const part = explained.part === 'value' && typeof last === 'string' && valueAt(document, explained.path) == null ? 'key' : explained.part;
    const related: RelatedLocation[] = [];
    if (explained.related) related.push({ message: explained.related.message, file, range: locate(explained.related.path, 'value') });
    diagnostics.push({
      code: explained.code,
      severity: 'error',
      message: explained.message,
      file,
      range: locate(explained.path, part),
      hint: explained.hint,
      ...(related.length === 0 ? {} : { related }),
    });
  }
  return sortDiagnostics(diagnostics);
}
