import { shouldColor, style } from '../../base/index.ts';
import { followLogs, observeProject, planCommand, runPass, type ContainerExit, type EngineEvent } from '../../engine/index.ts';
import type { RuntimeClient } from '../../runtime/client/index.ts';
import type { Project } from '../../spec/index.ts';
import { createLogFormatter, type ProgressRenderer } from '../../ui/index.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { openProgress, stackVersion, throwIfFailed } from './session.ts';

export interface AttachedOptions {
  readonly services: readonly string[];
  readonly abortOnExit: boolean;
  readonly abortOnFailure: boolean;
  readonly exitCodeFrom?: string;
  readonly color: boolean;
  readonly prefix: boolean;
  readonly timestamps: boolean;
  readonly timeoutSeconds?: number;
  /** When the pass began (ms since the epoch): output from then on is shown, not the history of containers kept running. */
  readonly since: number;
}

/**
 * Attached `up`: the services' logs, prefixed and multiplexed, following
 * restarted, scaled and recreated containers, until every container has
 * exited, a container exits under `--abort-on-container-exit`, or Ctrl+C.
 * Then the services are stopped gracefully; a second Ctrl+C kills them.
 */
export async function followAttached(ctx: CommandContext, client: RuntimeClient, project: Project, options: AttachedOptions): Promise<number> {
  const stdout = ctx.io.stdout as NodeJS.WriteStream;
  const styler = style(options.color && shouldColor(ctx.global.ansi, stdout.isTTY === true, ctx.env as NodeJS.ProcessEnv));
  const formatter = createLogFormatter(Object.keys(project.services), [], { styler, prefix: options.prefix, timestamps: options.timestamps });
  // While the services stop, their last lines go through the stop pass's live view, which moves out of their way.
  let live: ProgressRenderer | undefined;
  const print = (text: string) => (live?.print ? live.print(text) : stdout.write(text));
  // The logs go on while the services stop (their last words are shown); a second Ctrl+C cuts them.
  const logs = new AbortController();
  const drain = new AbortController();
  const cut = () => logs.abort();
  ctx.forceSignal.addEventListener('abort', cut, { once: true });
  const running = new Set<string>();
  let ready = false;
  let exitCode: number | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      try {
        if (ctx.signal.aborted) ctx.io.stderr.write('Gracefully stopping... (press Ctrl+C again to force)\n');
        const showing = (renderer: ProgressRenderer | undefined) => (live = renderer);
        await stopServices(ctx, client, project, options.timeoutSeconds, ctx.forceSignal, 'stop', showing);
        if (ctx.forceSignal.aborted) await stopServices(ctx, client, project, undefined, new AbortController().signal, 'kill', showing);
      } finally {
        drain.abort();
      }
    })();
  };
  const onInterrupt = () => stopAll();
  ctx.signal.addEventListener('abort', onInterrupt, { once: true });
  if (ctx.signal.aborted) stopAll();
  const settle = () => {
    if (ready && running.size === 0) drain.abort();
  };
  const onExit = (exit: ContainerExit) => {
    void (async () => {
      // A restart policy brings it back: the engine marks it restarting before it reports the death.
      const state = await client.inspectContainer(exit.id, { signal: logs.signal }).then((d) => d.state, () => 'gone');
      if (state === 'restarting' || state === 'running') return;
      running.delete(exit.id);
      if (options.exitCodeFrom === exit.service) exitCode = exit.exitCode;
      if (stopping === undefined && (options.abortOnExit || (options.abortOnFailure && exit.exitCode !== 0))) {
        if (options.exitCodeFrom === undefined && exitCode === undefined) exitCode = exit.exitCode;
        stopAll();
      }
      settle();
    })();
  };
  try {
    await followLogs({
      client,
      project: project.name,
      services: options.services,
      follow: true,
      formatter,
      write: (line) => print(`${line}\n`),
      signal: logs.signal,
      drain: drain.signal,
      since: new Date(options.since),
      eventsSince: options.since,
      onStart: (c) => running.add(c.id),
      onExit,
      onReady: () => {
        ready = true;
        settle();
      },
    });
    await stopping;
  } finally {
    ctx.signal.removeEventListener('abort', onInterrupt);
    ctx.forceSignal.removeEventListener('abort', cut);
  }
  if (ctx.signal.aborted) return ExitCode.Interrupted;
  if (options.exitCodeFrom !== undefined && exitCode === undefined) exitCode = await exitCodeOf(client, project.name, options.exitCodeFrom);
  return exitCode ?? ExitCode.Ok;
}

async function stopServices(
  ctx: CommandContext,
  client: RuntimeClient,
  project: Project,
  timeoutSeconds: number | undefined,
  signal: AbortSignal,
  verb: 'stop' | 'kill',
  showing: (renderer: ProgressRenderer | undefined) => void,
): Promise<void> {
  const observation = await observeProject(client, project.name);
  const containers = observation.state.containers.filter((c) => !c.oneoff);
  const plan = planCommand(project.name, { verb, containers, project, summaries: observation.containers, ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}) });
  if (plan.nodes.length === 0) return;
  const renderer = await openProgress(ctx);
  showing(renderer);
  try {
    const report = await runPass({ client, project, plan, containers: observation.containers, command: verb, emit: (e: EngineEvent) => renderer.handle(e), signal, parallel: ctx.global.parallel, version: stackVersion });
    if (!report.canceled) throwIfFailed(report);
  } finally {
    await renderer.close();
    showing(undefined);
  }
}

async function exitCodeOf(client: RuntimeClient, project: string, service: string): Promise<number | undefined> {
  const observation = await observeProject(client, project);
  const container = observation.state.containers.find((c) => c.service === service && !c.oneoff);
  return container?.exitCode;
}
