/**
 * Splits a command string into words as a POSIX shell would, without
 * expanding anything (Compose's `command: a "b c"` becomes `["a", "b c"]`).
 * Returns undefined for an unclosed quote.
 */
export function shellSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) word += text[++i];
      else word += c;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    word += c;
    inWord = true;
  }
  if (quote) return undefined;
  if (inWord) words.push(word);
  return words;
}
