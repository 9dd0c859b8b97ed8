import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/helpers/requirements.ts';
import { tempDir } from '../../test/helpers/temp.ts';

/**
 * The validator is generated at build time (scripts/build-steps.mjs) and the
 * CLI bundle carries only the generated code and ajv's small runtime helpers,
 * never ajv's compiler.
 */
interface GenerateResult {
  readonly changed: boolean;
  readonly fingerprint: string;
}
interface BuildSteps {
  generateSchemaValidator(root: string): Promise<GenerateResult>;
}
interface GeneratedModule {
  validateCompose: ((data: unknown) => boolean) & { errors?: readonly { keyword: string }[] | null };
}

async function buildSteps(): Promise<BuildSteps> {
  return (await import(pathToFileURL(join(repoRoot, 'scripts', 'build-steps.mjs')).href)) as BuildSteps;
}

describe('the schema validator generator', () => {
  it('generates an ESM validator, and does nothing when its inputs are unchanged', async () => {
    using dir = tempDir('stk-schema-');
    symlinkSync(join(repoRoot, 'node_modules'), join(dir.path, 'node_modules'));
    writeFileSync(join(dir.path, 'package.json'), '{ "type": "module" }\n');
    mkdirSync(join(dir.path, 'schemas'));
    const schemaFile = join(dir.path, 'schemas', 'compose.schema.json');
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:stack:test', type: 'object', properties: { a: { type: 'array', uniqueItems: true } }, additionalProperties: false };
    writeFileSync(schemaFile, JSON.stringify(schema));
    const { generateSchemaValidator } = await buildSteps();

    const first = await generateSchemaValidator(dir.path);
    expect(first.changed).toBe(true);
    expect((await generateSchemaValidator(dir.path)).changed).toBe(false);

    const output = join(dir.path, 'src', 'spec', 'generated', 'compose-validator.js');
    const code = readFileSync(output, 'utf8');
    expect(code).not.toMatch(/\brequire\(/);
    expect([...code.matchAll(/from "([^"]+)"/g)].map((m) => m[1])).toEqual(['ajv/dist/runtime/equal.js']);
    const generated = (await import(`${pathToFileURL(output).href}?v=${first.fingerprint}`)) as GeneratedModule;
    expect(generated.validateCompose({ a: [1, 2] })).toBe(true);
    expect(generated.validateCompose({ a: [1, 1] })).toBe(false);
    expect(generated.validateCompose.errors?.map((e) => e.keyword)).toEqual(['uniqueItems']);

    writeFileSync(schemaFile, JSON.stringify({ ...schema, required: ['a'] }));
    const third = await generateSchemaValidator(dir.path);
    expect(third.changed).toBe(true);
    expect(third.fingerprint).not.toBe(first.fingerprint);
  });
});

describe('the bundled validator', () => {
  it('leaves ajv compiler out and still validates', async () => {
    using dir = tempDir('stk-bundle-');
    const result = await build({
      absWorkingDir: repoRoot,
      entryPoints: [join(repoRoot, 'src', 'spec', 'validate.ts')],
      outfile: join(dir.path, 'validate.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      metafile: true,
      logLevel: 'silent',
    });
    const ajvInputs = Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules/ajv/'));
    expect(ajvInputs.length).toBeGreaterThan(0);
    expect(ajvInputs.filter((input) => !input.includes('node_modules/ajv/dist/runtime/'))).toEqual([]);

    const bundled = (await import(pathToFileURL(join(dir.path, 'validate.mjs')).href)) as {
      validateDocument(document: unknown, file: string, locate: () => undefined): { code: string }[];
    };
    const codes = (document: unknown) => bundled.validateDocument(document, 'compose.yaml', () => undefined).map((d) => d.code);
    expect(codes({ services: { web: { image: 'nginx' } } })).toEqual([]);
    expect(codes({ services: { web: { image: 'nginx', cap_add: ['A', 'A'] } } })).toEqual(['STK2006']);
  });
});
