/**
 * What a terminal shows after some output, for tests of live views: the
 * cursor movements and erasures Ink and log-update use (up, down, column,
 * erase line, erase below), text written over what is there, colours and
 * modes ignored. The screen has no height limit, so nothing scrolls away: a
 * frame that erased too little or too much shows as lines left over or lost.
 */
export function screenLines(raw: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = (r: number) => {
    while (lines.length <= r) lines.push([]);
    return lines[r] as string[];
  };
  // eslint-disable-next-line no-control-regex
  const tokens = raw.match(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[^[]|[\s\S]/gu) ?? [];
  for (const token of tokens) {
    if (token.startsWith('\x1b[')) {
      const command = token.at(-1) as string;
      const params = token.slice(2, -1);
      if (params.startsWith('?')) continue;
      const n = params === '' ? 1 : Number(params.split(';')[0]) || 1;
      if (command === 'A') row = Math.max(0, row - n);
      else if (command === 'B') row += n;
      else if (command === 'F') (row = Math.max(0, row - n)), (col = 0);
      else if (command === 'E') (row += n), (col = 0);
      else if (command === 'G') col = params === '' ? 0 : n - 1;
      else if (command === 'K') {
        const l = line(row);
        if (params === '2') l.length = 0;
        else if (params === '' || params === '0') l.length = Math.min(l.length, col);
      } else if (command === 'J' && (params === '' || params === '0')) {
        line(row).length = Math.min(line(row).length, col);
        lines.length = row + 1;
      }
      continue;
    }
    if (token.startsWith('\x1b')) continue;
    if (token === '\r') col = 0;
    else if (token === '\n') (row += 1), (col = 0), line(row);
    else {
      const l = line(row);
      while (l.length < col) l.push(' ');
      l[col] = token;
      col += 1;
    }
  }
  const text = lines.map((l) => l.join('').trimEnd());
  while (text.length > 0 && text.at(-1) === '') text.pop();
  return text;
}
