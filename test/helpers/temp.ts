import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh directory removed when disposed: `using dir = tempDir('loader-')`.
 * Short paths under /tmp so unix socket paths inside stay under 108 bytes.
 */
export function tempDir(prefix = 'stk-'): { readonly path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

/** A short random id for names that must not collide between test runs (bridges, projects). */
export function uniqueId(length = 6): string {
  return Math.random().toString(16).slice(2, 2 + length).padEnd(length, '0');
}
