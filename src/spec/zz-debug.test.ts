import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { it } from 'vitest';
import { schemaSample } from './validate-samples.ts';
it('debug', () => {
  const ref = JSON.parse(readFileSync('/work/shared/corpus/compose-go/schema/compose-spec.json', 'utf8'));
  const v = new Ajv2020({ strict: false, allErrors: false }).compile(ref);
  const stats = new Map<string, number>();
  let valid = 0;
  fc.assert(fc.property(fc.gen(), (g) => { const d = schemaSample(g, ref); if (v(d)) valid++; else { const e = v.errors![0]!; const k = e.keyword + ' ' + e.instancePath.replace(/\/(services|volumes|networks|secrets|configs|models)\/[^/]+/, '/$1/*'); stats.set(k, (stats.get(k) ?? 0) + 1); } }), { numRuns: 2000 });
  console.log(valid, [...stats].sort((a, b) => b[1] - a[1]).slice(0, 25));
});
