import { canonicalJson } from '../base/index.ts';
import { toYaml } from './yaml-text.ts';

/** A compose document as YAML, the way `docker compose config` prints it: block style, 2-space indents, no line folding. */
export function composeYaml(document: unknown): string {
  return toYaml(document);
}

/** A compose document as JSON: sorted keys, 2-space indents, a final newline. */
export function composeJson(document: unknown): string {
  return canonicalJson(document, 2) + '\n';
}
