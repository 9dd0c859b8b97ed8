/**
 * Terminal cell widths, so rows can be cut to a width before they reach the
 * terminal: a row that wraps breaks the live region's line count and the
 * table layout. Covers what names, causes and log lines contain in practice
 * (ASCII, Latin, CJK, emoji); exotic graphemes may be off by a cell, which
 * Ink's own `truncate` then absorbs.
 */

// CSI and OSC sequences, and the lone two-byte escapes.
// eslint-disable-next-line no-control-regex
const ansiPattern = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** The text without escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '');
}

/** Whether the text holds any escape sequence (or a lone ESC). */
export function hasEscapes(text: string): boolean {
  return text.includes('\x1b');
}

/** Cells one code point takes: 0 for controls and combining marks, 2 for wide East Asian and emoji. */
export function codePointWidth(cp: number): 0 | 1 | 2 {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    cp === 0x2060 ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  )
    return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f680 && cp <= 0x1f6ff) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x1fa70 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** Cells the text takes on a terminal, escape sequences excluded. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of stripAnsi(text)) width += codePointWidth(ch.codePointAt(0) ?? 0);
  return width;
}

/**
 * The text cut to at most `width` cells, ending in `…` when something was cut.
 * Expects plain text (no escapes): style is applied after cutting.
 */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  if (width === 1) return '…';
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = codePointWidth(ch.codePointAt(0) ?? 0);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + '…';
}

/** The text cut or padded with spaces to exactly `width` cells. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

/** The text padded on the left to `width` cells (never cut). */
export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Control characters that would move the cursor or clear the screen, made visible; tabs become spaces. */
export function sanitizeLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return stripAnsi(text).replace(/\t/g, '    ').replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => (c === '\r' ? '' : '�'));
}
