import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolateString, variablesOf } from './interpolate.ts';
import { interpolateTree } from './interpolate-tree.ts';
import { parseOne } from './testing/load-memory.ts';

const env: Record<string, string> = { SET: 'value', EMPTY: '', NESTED: 'SET' };
const lookup = (name: string) => env[name];
const run = (text: string) => interpolateString(text, lookup);

describe('interpolateString', () => {
  it.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['a${SET}b$SET.c', 'avalueb' + 'value.c'],
    ['${UNSET:-default}', 'default'],
    ['${EMPTY:-default}', 'default'],
    ['${EMPTY-default}', ''],
    ['${UNSET-default}', 'default'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${UNSET:-${SET}}', 'value'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${UNSET:-a $SET b}', 'a value b'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['cost: 5$', 'cost: 5$'],
    ['$ 1', '$ 1'],
    ['100$/h', '100$/h'],
  ])('%s → %s', (text, expected) => {
    expect(run(text)).toEqual({ value: expected, issues: [] });
  });

  it('warns about unset variables and substitutes a blank', () => {
    expect(run('x${UNSET}y$ALSO')).toEqual({ value: 'xy', issues: [{ kind: 'unset', name: 'UNSET' }, { kind: 'unset', name: 'ALSO' }] });
  });

  it('reports a required variable with its message, empty counting as unset only with the colon', () => {
    expect(run('${UNSET:?give it}').issues).toEqual([{ kind: 'required', name: 'UNSET', message: 'give it' }]);
    expect(run('${EMPTY:?no}').issues).toEqual([{ kind: 'required', name: 'EMPTY', message: 'no' }]);
    expect(run('${EMPTY?no}')).toEqual({ value: '', issues: [] });
    expect(run('${UNSET?$SET is needed}').issues).toEqual([{ kind: 'required', name: 'UNSET', message: 'value is needed' }]);
  });

  it.each(['${', '${SET', '${}', '${ SET}', '${SET/a/b}', '${1A}', '${SET:x}'])('rejects the malformed %s', (text) => {
    expect(run(text).issues.map((i) => i.kind)).toEqual(['syntax']);
  });

  it('leaves text without `$` untouched and unescapes `$$` (property)', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes('$')), (s) => {
        expect(run(s)).toEqual({ value: s, issues: [] });
        expect(run(s.split('').join('$$')).value).toBe(s.split('').join('$'));
      }),
    );
  });

  it('lists the variables a text uses, with defaults', () => {
    expect(variablesOf('${A:-x} $B ${C:?e} $$D')).toEqual([
      { name: 'A', defaultValue: 'x', required: false },
      { name: 'B', required: false },
      { name: 'C', required: true },
    ]);
  });
});

describe('interpolateTree', () => {
  it('interpolates values, never keys, and keeps origins', () => {
    const { document, origins } = parseOne('services:\n  web:\n    image: ${IMAGE}\n    labels:\n      $KEY: $SET\n');
    const result = interpolateTree(document, (n) => ({ IMAGE: 'nginx', SET: 'v' })[n], origins);
    const web = (result.value.services as Record<string, Record<string, unknown>>).web!;
    expect(web).toEqual({ image: 'nginx', labels: { $KEY: 'v' } });
    expect(origins.get(web, 'image')?.value?.start).toEqual({ line: 3, column: 12 });
    expect(result.unset).toEqual(new Map());
  });

  it('turns interpolated numbers and booleans into numbers and booleans where Compose expects them', () => {
    const { document, origins } = parseOne('services:\n  web:\n    image: x\n    scale: ${N}\n    read_only: "yes"\n    ports: [{target: "80"}]\n    environment: {A: "1"}\n');
    const web = (interpolateTree(document, (n) => ({ N: '3' })[n], origins).value.services as Record<string, Record<string, unknown>>).web!;
    expect(web.scale).toBe(3);
    expect(web.read_only).toBe(true);
    expect(web.ports).toEqual([{ target: 80 }]);
    expect(web.environment).toEqual({ A: '1' });
  });

  it('reports a required variable at the value that needs it', () => {
    const { document, origins } = parseOne('services:\n  web:\n    image: ${IMAGE:?set IMAGE}\n');
    const result = interpolateTree(document, () => undefined, origins);
    expect(result.diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([['STK1009', 3, 12]]);
  });
});
