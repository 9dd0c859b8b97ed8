import { Document, isScalar, visit } from 'yaml';
import { canonicalJson } from '../base/index.ts';

/** YAML 1.1 booleans: strings that YAML 1.1 readers (docker-compose v1, PyYAML) would misread unquoted. */
const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** A compose document as YAML, the way `docker compose config` prints it: block style, 2-space indents, no line folding. */
export function composeYaml(document: unknown): string {
  const doc = new Document(document, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && YAML11_BOOL.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: true });
}

/** A compose document as JSON: sorted keys, 2-space indents, a final newline. */
export function composeJson(document: unknown): string {
  return canonicalJson(document, 2) + '\n';
}
