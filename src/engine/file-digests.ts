import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { digestedFiles, type FileDigests } from '../planner/index.ts';
import type { Project } from '../spec/index.ts';

/**
 * The digests of the files services name (env files, `file:` configs and
 * secrets), which the config hash covers: an edited env file recreates its
 * service. A file that cannot be read is left out (hashed as absent).
 */
export async function readFileDigests(project: Project, services?: readonly string[]): Promise<FileDigests> {
  const out: Record<string, string> = {};
  await Promise.all(
    digestedFiles(project, services).map(async (path) => {
      try {
        out[path] = `sha256:${createHash('sha256').update(await readFile(path)).digest('hex')}`;
      } catch {
        // Absent or unreadable: the loader already reported a required env file it could not read.
      }
    }),
  );
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}
