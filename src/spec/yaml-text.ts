/**
 * A small YAML emitter for plain data (mappings, lists, strings, numbers,
 * booleans, null), in the style `docker compose config` prints: block
 * collections, 2-space indents, sequences indented under their key,
 * multi-line strings as literal blocks, and quotes only where a reader
 * would take the text for something else (YAML 1.2, and YAML 1.1 readers
 * such as docker-compose v1 and PyYAML). It exists because printing is on
 * the path of every `stack config`, and a general YAML library costs more
 * startup time than the whole rest of the command.
 */
export function toYaml(value: unknown): string {
  if (isCollection(value) && !isEmpty(value)) {
    const lines: string[] = [];
    emitCollection(value, '', lines);
    return lines.join('\n') + '\n';
  }
  return scalar(value, '') + '\n';
}

type Collection = Record<string, unknown> | unknown[];

function isCollection(value: unknown): value is Collection {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: Collection): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function emitCollection(value: Collection, indent: string, lines: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) emitItem(item, indent, lines);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const head = `${indent}${plainOrQuoted(key)}:`;
    if (isCollection(item) && !isEmpty(item)) {
      lines.push(head);
      emitCollection(item, indent + '  ', lines);
    } else lines.push(`${head} ${scalar(item, indent + '  ')}`);
  }
}

/** One `- item` of a sequence; a mapping item starts on the dash line (`- key: value`). */
function emitItem(item: unknown, indent: string, lines: string[]): void {
  if (!isCollection(item) || isEmpty(item)) {
    lines.push(`${indent}- ${scalar(item, indent + '  ')}`);
    return;
  }
  const nested: string[] = [];
  emitCollection(item, indent + '  ', nested);
  nested[0] = `${indent}- ${nested[0]!.slice(indent.length + 2)}`;
  lines.push(...nested);
}

function scalar(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (typeof value === 'string') return value.includes('\n') ? literalBlock(value, indent) : plainOrQuoted(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  return plainOrQuoted(String(value));
}

/** `|` block for multi-line text, with the chomping that keeps its trailing newlines exact; quoted when a block cannot hold it. */
function literalBlock(text: string, indent: string): string {
  if (/[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]/.test(text) || /[ \t]\n|[ \t]$/.test(text) || text.startsWith('\n')) return JSON.stringify(text);
  const trailing = /\n*$/.exec(text)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing === 0 ? text : text.slice(0, text.length - (chomp === '+' ? 0 : 1));
  const indicator = /^[ \t]/.test(text) ? '2' : '';
  const lines = body.split('\n').map((line) => (line === '' ? '' : indent + line));
  if (chomp === '+') lines.pop();
  return `|${indicator}${chomp}\n${lines.join('\n')}`;
}

/** Strings a YAML reader would resolve to something else (null, booleans, numbers, timestamps), in 1.2 or 1.1. */
const NOT_A_STRING = new RegExp(
  [
    '^(?:~|null|Null|NULL)$',
    '^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$',
    // Numbers of the 1.2 core schema and the looser 1.1 forms (underscores, optional digits around the point or before an exponent).
    '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$',
    '^[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$',
    '^[-+]?0[xob][0-9a-fA-F_]+$',
    '^[-+]?\\.(?:inf|Inf|INF)$|^\\.(?:nan|NaN|NAN)$',
    '^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$',
    '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}',
    '^(?:<<|=)$',
  ].join('|'),
);

/** Text that is plain unless it is one of the YAML 1.1 words: a letter, `_` or `/` first (not `e1`, a 1.1 float), then word characters, `.`, `/`, `-`. */
const SIMPLE = /^(?![eE][0-9])[A-Za-z_/][A-Za-z0-9_./-]*$/;
const YAML11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

function plainOrQuoted(text: string): string {
  if (SIMPLE.test(text)) return YAML11_WORDS.test(text) ? JSON.stringify(text) : text;
  if (
    text === '' ||
    NOT_A_STRING.test(text) ||
    /^[\s]|[\s]$/.test(text) ||
    /^[?:,[\]{}#&*!|>'"%@`]/.test(text) ||
    /^-(?:\s|$)/.test(text) ||
    /: |:$| #|\t/.test(text) ||
    /[\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]/.test(text)
  ) {
    return JSON.stringify(text);
  }
  return text;
}
