import type { LoadOptions } from '../../src/spec/index.ts';

/**
 * Corpus compose files that do not load on their own, why, and the context
 * in which they do (or the code they are rejected with when no context can
 * make them load). Paths are relative to ../shared/corpus. README.md beside
 * this file lists the same entries for readers.
 */
export interface CorpusContext {
  readonly reason: string;
  /** Options (relative `files`/`projectDirectory` start from the file's directory) with which the file loads. */
  readonly loadsWith?: Partial<Pick<LoadOptions, 'files' | 'projectDirectory' | 'consistency' | 'services' | 'resolveEnvironment'>> & { readonly env?: Record<string, string> };
  /** When no context makes it load: the code it is rejected with alone. */
  readonly rejectedWith?: string;
}

export const CORPUS_CONTEXT: Readonly<Record<string, CorpusContext>> = {
  'compose-go/loader/full-example.yml': {
    reason: 'compose-go loads it with SkipConsistencyCheck: "foo" depends on undefined services (db, redis), sets container_name with 6 replicas, and sets both network_mode and networks',
    loadsWith: { consistency: false, env: { BAR: 'this is a secret', QUX: 'qux_from_environment' } },
  },
  'compose-go/loader/full-example.expected.yaml': {
    reason: 'the marshalled form of full-example.yml: the same consistency problems, and its env_file/label_file paths hold the __WORKING_DIR__ placeholder',
    loadsWith: { consistency: false, resolveEnvironment: false },
  },
  'compose-go/loader/testdata/extends/base.yaml': {
    reason: 'holds a null service (`nil:`) on purpose; compose-go reads it only as an extends source with SkipValidation (TestExtendsNil)',
    rejectedWith: 'STK2002',
  },
  'compose-go/loader/testdata/include/dir/compose.yaml': {
    reason: 'meant to be included with `project_directory: ../subdir` (include/project-directory.yaml): its env_file lives there',
    loadsWith: { projectDirectory: '../../subdir' },
  },
  'compose-go/loader/testdata/remote/nested/compose.yaml': {
    reason: 'extends a `remote:` file, which only compose-go\'s test-only resource loader resolves',
    rejectedWith: 'STK1003',
  },
  'compose-go/schema/using-variables.yaml': {
    reason: 'a schema test input: every value is ${VARIABLE}, valid before interpolation only; no one value of VARIABLE makes every field valid',
    rejectedWith: 'STK3022',
  },
  'docker-compose-e2e/fixtures/logs-test/cat.yaml': {
    reason: 'the e2e test sets FILE (the bind-mounted file); unset, the volume has an empty source',
    loadsWith: { env: { FILE: './cat.yaml' } },
  },
  'docker-compose-e2e/fixtures/publish/oci/compose-override.yaml': {
    reason: 'an override file: "app" gets its image from compose.yaml beside it',
    loadsWith: { files: ['compose.yaml', 'compose-override.yaml'] },
  },
  'docker-compose-e2e/testdata/TestUpImageID/compose.yaml': {
    reason: 'requires ID (`${ID:?...}`), which the e2e test sets to an image id',
    loadsWith: { env: { ID: 'sha256:5c5f5d1c1b2b7ac51f44b3e4b5f6f3cf8f7f1e1d' } },
  },
};

/** How each file of corpus/expected-invalid.txt is rejected (or, for the few that are valid in some context, how it loads). */
export interface ExpectedInvalid {
  /** The code a plain load reports; undefined for files that are not compose files. */
  readonly code?: string;
  readonly env?: Record<string, string>;
  /** Contexts in which the file loads, as Compose's own tests show. */
  readonly loadsWith?: readonly Partial<Pick<LoadOptions, 'services' | 'consistency' | 'resolveEnvironment'>>[];
  /** Files that are not compose files: what they are checked with instead. */
  readonly kind?: 'env-file' | 'dockerfile' | 'valid';
}

export const EXPECTED_INVALID: Readonly<Record<string, ExpectedInvalid>> = {
  'compose-go/loader/testdata/compose-depends-on-cycle.yaml': { code: 'STK3006' },
  'compose-go/loader/testdata/compose-depends-on-profile-no-cycle.yaml': { code: 'STK3006' },
  'compose-go/loader/testdata/compose-depends-on-self.yaml': { code: 'STK3006' },
  'compose-go/loader/testdata/compose-include-cycle.yaml': { code: 'STK3008' },
  'compose-go/loader/testdata/empty.yaml': { code: 'STK1005' },
  // The cycle goes through `remote:` files that only compose-go's test loader resolves: rejected as not found.
  'compose-go/loader/testdata/remote/cycle/compose.yaml': { code: 'STK1003' },
  'compose-go/loader/testdata/remote/cycle/compose-cycle.yaml': { code: 'STK1003' },
  'compose-go/dotenv/fixtures/invalid1.env': { code: 'STK1008', kind: 'env-file' },
  'docker-compose-e2e/fixtures/build-test/platforms/compose-service-platform-not-in-build-platforms.yaml': { code: 'STK3016' },
  'docker-compose-e2e/fixtures/wrong-composefile/compose.yaml': { code: 'STK2001' },
  'docker-compose-e2e/fixtures/wrong-composefile/service1/Dockerfile': { kind: 'dockerfile' },
  'docker-compose-e2e/fixtures/env_file/compose.yaml': { code: 'STK1003', loadsWith: [{ services: ['serviceA'] }, { resolveEnvironment: false }] },
  'docker-compose-e2e/testdata/TestLocalComposeConfigNoConsistency/compose.yaml': { code: 'STK3013', loadsWith: [{ consistency: false }] },
  'docker-compose-e2e/testdata/TestUpContainerNameConflict/compose.yaml': { code: 'STK3009', env: { FIXED_NAME: 'fixed-name' } },
  'docker-compose-e2e/testdata/TestStartInterval/compose.yaml': { kind: 'valid' },
};
