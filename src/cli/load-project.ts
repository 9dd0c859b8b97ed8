import { formatDiagnostics } from '../base/index.ts';
import { loadProject, type LoadOptions, type LoadResult, type Project } from '../spec/index.ts';
import type { CommandContext } from './context.ts';
import { ExitCode } from './exit-codes.ts';

/** What a command gets back: the project, or the exit code to return after the diagnostics were printed. */
export type LoadedProject = { readonly ok: true; readonly project: Project } | { readonly ok: false; readonly exitCode: number };

/** What a command can change about loading (the `config` flags, the services it targets). */
export type LoadOverrides = Partial<Pick<LoadOptions, 'services' | 'interpolate' | 'normalize' | 'resolvePaths' | 'consistency' | 'resolveEnvironment'>>;

/**
 * The one way a command loads its project: global flags and the
 * environment resolved as `docker compose` does, stdin read for `-f -`,
 * every diagnostic printed to stderr with a code frame (warnings too, even
 * on success). On error nothing is written to stdout and the command exits 2.
 */
export async function loadProjectFor(ctx: CommandContext, overrides: LoadOverrides = {}): Promise<LoadedProject> {
  const result = await loadWithContext(ctx, overrides);
  if (result.diagnostics.length > 0) {
    ctx.io.stderr.write(formatDiagnostics(result.diagnostics, { color: ctx.io.err.enabled, sources: (file) => result.sources.get(file), cwd: ctx.cwd }));
  }
  if (!result.project) return { ok: false, exitCode: ExitCode.Usage };
  return { ok: true, project: result.project };
}

/** The raw load, for commands that present diagnostics their own way. */
export async function loadWithContext(ctx: CommandContext, overrides: LoadOverrides = {}): Promise<LoadResult> {
  const { global } = ctx;
  const stdin = global.file.includes('-') ? await readAll(ctx.io.stdin) : undefined;
  return loadProject({
    files: global.file,
    ...(stdin !== undefined ? { stdin } : {}),
    ...(global.projectName !== undefined ? { projectName: global.projectName } : {}),
    ...(global.projectDirectory !== undefined ? { projectDirectory: global.projectDirectory } : {}),
    envFiles: global.envFile,
    profiles: global.profile,
    env: ctx.env,
    cwd: ctx.cwd,
    ...overrides,
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
