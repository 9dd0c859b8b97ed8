import { Schema, stringify, type CreateNodeOptions, type DocumentOptions, type ScalarTag, type SchemaOptions, type ToStringOptions } from 'yaml';
import { canonicalJson } from '../base/index.ts';

/**
 * What a YAML 1.1 reader (docker-compose v1, PyYAML) reads differently from
 * YAML 1.2, beyond the library's own 1.1 schema (booleans such as `yes`
 * and `on`, `0755` octals, `1_000`, `12:30` sexagesimals, timestamps):
 * PyYAML resolves a lone `=` to its `value` tag and cannot construct it,
 * and ends a plain scalar at a tab. Listed as compatibility tags, these only
 * make the stringifier quote such strings; nothing is parsed with them.
 */
const PYYAML_EXTRA: readonly ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:value', default: true, test: /^=$/, resolve: (text) => text },
  { tag: 'tag:stack:plain-tab', default: true, test: /\t/, resolve: (text) => text },
];

type YamlOptions = DocumentOptions & SchemaOptions & CreateNodeOptions & ToStringOptions;

/**
 * The library's options for `docker compose config`-like text: block
 * collections, 2-space indents, sequences indented under their key, no
 * line folding, literal blocks for multi-line text, no anchors for
 * repeated objects, and quotes wherever a YAML 1.2 reader (the core schema)
 * or a YAML 1.1 one (the compat tags) would not read the text back as the
 * same string.
 */
const YAML_OPTIONS: Readonly<YamlOptions> = {
  schema: 'core',
  compat: [...new Schema({ schema: 'yaml-1.1' }).tags, ...PYYAML_EXTRA],
  aliasDuplicateObjects: false,
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  blockQuote: 'literal',
  singleQuote: false,
  doubleQuotedAsJSON: true,
  // Never a `%YAML`/`---` header; also spares a walk of the whole document that looks for tags to declare.
  directives: false,
};

/** A compose document as YAML, the way `docker compose config` prints it (see YAML_OPTIONS). */
export function composeYaml(document: unknown): string {
  return stringify(document, YAML_OPTIONS);
}

/** A compose document as JSON: sorted keys, 2-space indents, a final newline. */
export function composeJson(document: unknown): string {
  return canonicalJson(document, 2) + '\n';
}
