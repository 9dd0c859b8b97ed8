import type { Diagnostic } from '../base/index.ts';
import type { Origins } from './origins.ts';
import { readYamlFast } from './yaml-fast.ts';

/** One compose file after YAML parsing: its documents as plain mappings, with origins recorded. */
export interface ParseResult {
  /** The top-level mappings, in file order (a file may hold several `---` documents). */
  readonly documents: readonly Record<string, unknown>[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses the text of a compose file: with the fast reader (yaml-fast.ts)
 * when it can, else with the general reader (parse-general.ts), which gives
 * the same values and origins. YAML 1.2 core schema (as compose-go's
 * yaml.v3), plus what Compose relies on from YAML 1.1: `<<` merge keys and
 * leading-zero octal integers (`mode: 0440`). `!reset` and `!override` are
 * kept as merge directives in the origin map; any other local tag is an error.
 */
export function parseComposeText(text: string, file: string, origins: Origins, general?: GeneralReader): ParseResult {
  const fast = readYamlFast(text, file, origins);
  if (fast) return { documents: fast, diagnostics: [] };
  if (!general) throw NEEDS_GENERAL_READER;
  return general(text, file, origins);
}

/** The general path (parse-general.ts), passed in so that the `yaml` library loads only when a file needs it. */
export type GeneralReader = (text: string, file: string, origins: Origins) => ParseResult;

/** Thrown when a file needs the general reader and none was given: the caller loads it and starts again. */
export const NEEDS_GENERAL_READER: unique symbol = Symbol('needs the general YAML reader');

