import { compareStrings, formatDiagnostics, hasErrors, StackError, type Diagnostic } from '../../base/index.ts';
import type { ExecutionReport, FailedNode } from '../../engine/index.ts';
import { parseComposeLabels, projectFilter, type ContainerSummary, type RuntimeClient } from '../../runtime/client/index.ts';
import type { Project } from '../../spec/index.ts';
import { openRenderer, selectRenderer, type ProgressRenderer } from '../../ui/index.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { loadWithContext } from '../load-project.ts';
import { VERSION } from '../version.ts';

/**
 * What the engine commands share: the project (or, for commands that work
 * from labels, just its name), the check of service names on the command
 * line, the progress renderer, and the exit for a pass that failed.
 */

export interface ProjectScope {
  readonly name: string;
  /** Absent when no compose file was found and the project was named with -p (or COMPOSE_PROJECT_NAME): labels are enough. */
  readonly project?: Project;
}

export type Scoped<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly exitCode: number };

export const stackVersion = VERSION;

/** Loads the project; with `fromLabels`, a missing compose file is fine when the project is named (`down -p x`). */
export async function loadScope(ctx: CommandContext, fromLabels: boolean): Promise<Scoped<ProjectScope>> {
  const result = await loadWithContext(ctx);
  const named = ctx.global.projectName ?? ctx.env.COMPOSE_PROJECT_NAME;
  if (!result.project && fromLabels && named !== undefined && result.diagnostics.every((d) => d.severity !== 'error' || d.code === 'STK1007')) {
    return { ok: true, value: { name: named } };
  }
  printDiagnostics(ctx, result.diagnostics, result.sources);
  if (!result.project) return { ok: false, exitCode: ExitCode.Usage };
  return { ok: true, value: { name: result.project.name, project: result.project } };
}

export function printDiagnostics(ctx: CommandContext, diagnostics: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): void {
  if (diagnostics.length === 0) return;
  ctx.io.stderr.write(formatDiagnostics(diagnostics, { color: ctx.io.err.enabled, sources: (file: string) => sources?.get(file), cwd: ctx.cwd }));
}

/**
 * Service names from the command line: each must be a service of the
 * project (a diagnostic listing the services otherwise, exit 2). Without a
 * file, any name is taken as a label value.
 */
export function checkServices(ctx: CommandContext, scope: ProjectScope, names: readonly string[]): boolean {
  const project = scope.project;
  if (!project) return true;
  const diagnostics: Diagnostic[] = [];
  const known = Object.keys(project.services).sort(compareStrings);
  for (const name of names) {
    if (project.services[name]) continue;
    const disabled = project.disabled_services[name] !== undefined;
    diagnostics.push({
      code: disabled ? 'STK4010' : 'STK4009',
      severity: 'error',
      message: disabled ? `service "${name}" is disabled by its profiles` : `no such service: "${name}"`,
      hint: disabled ? `enable one of its profiles (--profile ${(project.disabled_services[name]?.profiles ?? [])[0] ?? '...'})` : `the services are: ${known.join(', ') || '(none)'}`,
    });
  }
  printDiagnostics(ctx, diagnostics);
  return !hasErrors(diagnostics);
}

/** The progress renderer the flags and the terminal ask for, on stderr (stdout is for logs and listings, which `print` writes to). */
export async function openProgress(ctx: CommandContext): Promise<ProgressRenderer> {
  const stderr = ctx.io.stderr as NodeJS.WriteStream;
  const choice = selectRenderer({ progress: ctx.global.progress, ansi: ctx.global.ansi, isTTY: stderr.isTTY === true, env: ctx.env });
  return openRenderer(choice, stderr, ctx.io.stdout as NodeJS.WriteStream);
}

/** Runs `work` with a progress renderer open, and closes the renderer however `work` ends. */
export async function withProgress<T>(ctx: CommandContext, work: (renderer: ProgressRenderer) => Promise<T>): Promise<T> {
  const renderer = await openProgress(ctx);
  try {
    return await work(renderer);
  } finally {
    await renderer.close();
  }
}

/**
 * How a converge pass ended, for a command to return: bad input printed (usage),
 * failures thrown, Ctrl+C as interrupted; undefined when it went through.
 */
export function convergeExit(ctx: CommandContext, result: Pick<ExecutionReport, 'failed' | 'canceled'> & { readonly diagnostics: readonly Diagnostic[] }): number | undefined {
  if (hasErrors(result.diagnostics)) {
    printDiagnostics(ctx, result.diagnostics);
    return ExitCode.Usage;
  }
  throwIfFailed(result);
  return result.canceled ? ExitCode.Interrupted : undefined;
}

/** Ends a pass that had failures: the one failure as it is, several as one error listing them (the renderer showed each). */
export function throwIfFailed(report: Pick<ExecutionReport, 'failed' | 'canceled'>): void {
  if (report.failed.length === 0) return;
  throw failureOf(report.failed);
}

export function failureOf(failed: readonly FailedNode[]): StackError {
  if (failed.length === 1) return (failed[0] as FailedNode).error;
  const first = failed[0] as FailedNode;
  return new StackError({
    code: 'STK4505',
    errorClass: first.error.errorClass === 'Canceled' ? 'Canceled' : 'FailedPrecondition',
    message: `${failed.length} steps failed: ${failed.map((f) => `${f.resource.name}: ${f.error.message}`).join('; ')}`,
    hint: first.error.hint ?? 'see the errors above',
  });
}

export interface SelectOptions {
  /** Services; empty: all. */
  readonly services?: readonly string[];
  /** Include stopped containers. */
  readonly all?: boolean;
  /** Include one-off containers. */
  readonly oneoff?: boolean;
  readonly index?: number;
  readonly signal?: AbortSignal;
}

/** The project's containers, filtered and sorted by service then number; replacements' temporary names left out. */
export async function projectContainers(client: RuntimeClient, project: string, options: SelectOptions = {}): Promise<ContainerSummary[]> {
  const listed = await client.listContainers({ all: options.all ?? true, labels: [projectFilter(project)], ...(options.signal ? { signal: options.signal } : {}) });
  return listed
    .filter((c) => {
      const labels = parseComposeLabels(c.labels);
      if (labels.service === undefined) return false;
      if (labels.oneoff === true && options.oneoff !== true) return false;
      if (options.services && options.services.length > 0 && !options.services.includes(labels.service)) return false;
      if (options.index !== undefined && labels.containerNumber !== options.index) return false;
      return true;
    })
    .sort((a, b) => {
      const la = parseComposeLabels(a.labels);
      const lb = parseComposeLabels(b.labels);
      return compareStrings(la.service ?? '', lb.service ?? '') || (la.containerNumber ?? 0) - (lb.containerNumber ?? 0) || compareStrings(a.name, b.name);
    });
}

/** The container `exec`, `cp` and `port` act on: replica `index` (1 by default) of a service, running unless `all`. */
export async function oneContainer(client: RuntimeClient, scope: ProjectScope, service: string, index: number | undefined, signal: AbortSignal): Promise<ContainerSummary> {
  const found = await projectContainers(client, scope.name, { services: [service], index: index ?? 1, signal });
  const running = found.find((c) => c.state === 'running') ?? found[0];
  if (running === undefined) {
    throw new StackError({
      code: 'STK4504',
      errorClass: 'NotFound',
      message: `service "${service}" has no container${index !== undefined ? ` number ${index}` : ''} in project "${scope.name}"`,
      hint: `start it with \`stack up -d ${service}\``,
      resource: `service:${service}`,
    });
  }
  return running;
}

export function parseIndex(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new StackError({ code: 'STK7003', errorClass: 'InvalidArgument', message: `--index "${String(value)}" is not a replica number`, hint: 'replicas are numbered from 1' });
  return n;
}
