import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './env-file.ts';

const parse = (text: string, env: Record<string, string> = {}, raw = false) => {
  const result = parseEnvFile(text, '/p/.env', { lookup: (n) => env[n], raw });
  return { values: Object.fromEntries(result.values), codes: result.diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column]) };
};

describe('parseEnvFile', () => {
  it('reads plain values, trimming around `=` and before inline comments', () => {
    const text = 'OPTION_A=1\nOPTION_C= 3\nOPTION_D =4\nOPTION_E = 5\n456 = ABC\nOPTION_F = \nOPTION_G=\nOPTION_H = my string # Inline comment\nURL=http://x/#anchor\n';
    expect(parse(text)).toEqual({
      values: { OPTION_A: '1', OPTION_C: '3', OPTION_D: '4', OPTION_E: '5', '456': 'ABC', OPTION_F: '', OPTION_G: '', OPTION_H: 'my string', URL: 'http://x/#anchor' },
      codes: [],
    });
  });

  it('takes single quotes literally and double quotes with escapes, both across lines', () => {
    const text = "A='1'\nB=''\nC='\\n'\nD=\"\\n\"\nE = \"echo 'asd'\" # comment\nF = 'first\nsecond'\nG='Let\\'s go!'\nH=\"say \\\"hi\\\"\"\n";
    expect(parse(text).values).toEqual({ A: '1', B: '', C: '\\n', D: '\n', E: "echo 'asd'", F: 'first\nsecond', G: "Let's go!", H: 'say "hi"' });
  });

  it('accepts `export` and YAML-style `KEY: value`', () => {
    expect(parse('export A=2\nexport  B=3\nC: 4\n').values).toEqual({ A: '2', B: '3', C: '4' });
  });

  it('interpolates unquoted and double-quoted values from the lookup, then from earlier lines', () => {
    const text = 'A=1\nB=${A}\nC=$B\nD=${A}_${B}\nE=${UNDEFINED}\nF="${A}x"\nG=\'${A}\'\nH=${OUTSIDE:-d}\n';
    expect(parse(text, { OUTSIDE: 'o' }).values).toEqual({ A: '1', B: '1', C: '1', D: '1_1', E: '', F: '1x', G: '${A}', H: 'o' });
  });

  it('gives a bare KEY the value of the lookup, or leaves it unset', () => {
    expect(parse('foo=bar\nFROM_OS\nNOT_FOUND\nbar=baz\n', { FROM_OS: 'os' }).values).toEqual({ foo: 'bar', FROM_OS: 'os', bar: 'baz' });
  });

  it('accepts dots and dashes in names, and a BOM', () => {
    expect(parse('\uFEFFVAR.WITH.DOTS=dots\nVAR-WITH-DASHES=dashes\n').values).toEqual({ 'VAR.WITH.DOTS': 'dots', 'VAR-WITH-DASHES': 'dashes' });
  });

  it('reports a name with a space at its line, and keeps reading', () => {
    expect(parse('# c\nfoo="\n  a\n  multiline\n"\nINVALID LINE\nzot=qix')).toEqual({ values: { foo: '\n  a\n  multiline\n', zot: 'qix' }, codes: [['STK1008', 6, 1]] });
  });

  it('reports an unclosed quote', () => {
    expect(parse('A="never closed\nB=1\n').codes).toEqual([['STK1008', 1, 3]]);
  });

  it('takes values verbatim in raw format', () => {
    expect(parse('A="quoted" # not a comment\nB=${X}\n', { X: 'x' }, true).values).toEqual({ A: '"quoted" # not a comment', B: '${X}' });
  });
});
