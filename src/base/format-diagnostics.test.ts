import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostics.ts';
import { formatDiagnostics } from './format-diagnostics.ts';

const source = 'services:\n  web:\n    imagee: nginx\n';
const diagnostic: Diagnostic = {
  code: 'STK2001',
  severity: 'error',
  message: 'service "web": unknown key "imagee"',
  file: '/p/compose.yaml',
  range: { start: { line: 3, column: 5 }, end: { line: 3, column: 11 } },
  hint: 'did you mean "image"?',
};

describe('formatDiagnostics', () => {
  it('prints the code, the place relative to cwd, a code frame with a caret under the range, and the hint', () => {
    const text = formatDiagnostics([diagnostic], { color: false, sources: () => source, cwd: '/p' });
    expect(text).toBe(
      [
        'error STK2001: service "web": unknown key "imagee"',
        '  --> compose.yaml:3:5',
        '    |',
        '  2 |   web:',
        '  3 |     imagee: nginx',
        '    |     ^^^^^^',
        '  = hint: did you mean "image"?',
        '',
        'Found 1 error.',
        '',
      ].join('\n'),
    );
  });

  it('prints no frame when the source cannot be read, and no escape codes without colour', () => {
    const text = formatDiagnostics([diagnostic], { color: false, sources: () => undefined });
    expect(text).toContain('--> /p/compose.yaml:3:5');
    expect(text).not.toContain('|');
    expect(text).not.toMatch(/\x1b\[/);
  });
});
