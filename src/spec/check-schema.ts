import type { Diagnostic } from '../base/index.ts';
import type { Locate } from './locate.ts';
import { validateDocument } from './validate.ts';

/**
 * The loader's seam to the JSON-schema validator (validate.ts, STK2xxx,
 * owned by the schema): one call per file document, after interpolation,
 * before anything reads the document's shape.
 */
export function checkSchema(document: unknown, file: string, locate: Locate): Diagnostic[] {
  return validateDocument(document, file, locate);
}
