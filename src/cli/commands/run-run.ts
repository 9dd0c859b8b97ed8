import { converge, createOneoff, type EngineEvent } from '../../engine/index.ts';
import { shellSplit } from '../../spec/index.ts';
import { usageError } from '../usage-error.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { bridgeStdio, environmentFlags, wantsTty } from './stdio-bridge.ts';
import { checkServices, convergeExit, loadScope, stackVersion, withProgress } from './session.ts';

interface RunFlags {
  readonly detach: boolean;
  readonly rm: boolean;
  readonly name?: string;
  readonly entrypoint?: string;
  readonly env?: readonly string[];
  readonly label?: readonly string[];
  readonly user?: string;
  readonly workdir?: string;
  readonly tty: boolean;
  readonly deps: boolean;
  readonly servicePorts: boolean;
  readonly useAliases: boolean;
}

/**
 * `stack run svc [cmd...]`: what the service needs is converged first (its
 * images, networks, volumes, and its dependencies unless --no-deps, waiting
 * for their health as `up` does), then a one-off container runs the command
 * attached; its exit code is ours. With --rm it is removed afterwards.
 */
export const runRun: CommandRun = async (ctx, args, options) => {
  const flags = options as unknown as RunFlags;
  const [service = '', ...command] = args;
  const scoped = await loadScope(ctx, false);
  if (!scoped.ok) return scoped.exitCode;
  const project = scoped.value.project;
  if (!project || !checkServices(ctx, scoped.value, [service])) return ExitCode.Usage;
  using client = await openRuntime(ctx);

  const result = await withProgress(ctx, (renderer) =>
    converge({
      client,
      project,
      reconcile: { targets: [service], ...(flags.deps === false ? { noDeps: true } : {}) },
      withoutReplicasOf: service,
      emit: (e: EngineEvent) => renderer.handle(e),
      signal: ctx.signal,
      parallel: ctx.global.parallel,
      version: stackVersion,
      command: 'run',
    }),
  );
  const ended = convergeExit(ctx, result);
  if (ended !== undefined) return ended;

  const tty = !flags.detach && wantsTty(ctx, !flags.tty);
  const labels = environmentFlags(flags.label, {});
  const environment = environmentFlags(flags.env, ctx.env);
  const oneoff = await createOneoff({
    client,
    project,
    service,
    overrides: {
      ...(command.length > 0 ? { command } : {}),
      ...(flags.entrypoint !== undefined ? { entrypoint: entrypointWords(flags.entrypoint) } : {}),
      ...(Object.keys(environment).length > 0 ? { environment } : {}),
      ...(flags.user !== undefined ? { user: flags.user } : {}),
      ...(flags.workdir !== undefined ? { workingDir: flags.workdir } : {}),
      tty,
      stdin: !flags.detach,
      publishPorts: flags.servicePorts,
      useAliases: flags.useAliases,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
    },
    ...(flags.name !== undefined ? { name: flags.name } : {}),
    version: stackVersion,
    signal: ctx.signal,
  });
  if (flags.detach) {
    await client.startContainer(oneoff.id, { signal: ctx.signal });
    ctx.io.stdout.write(`${oneoff.name}\n`);
    return ExitCode.Ok;
  }
  try {
    const session = await client.attachContainer(oneoff.id, { stdin: true, tty: oneoff.tty, signal: ctx.signal });
    const wait = await client.beginWait(oneoff.id, { condition: 'next-exit', signal: ctx.signal });
    const undo = bridgeStdio(ctx, session);
    try {
      await client.startContainer(oneoff.id, { signal: ctx.signal });
      const exit = await wait.exited;
      await session.closed;
      return exit.exitCode;
    } finally {
      undo();
    }
  } finally {
    if (flags.rm) await client.removeContainer(oneoff.id, { force: true, volumes: true }).catch(() => {});
  }
};

function entrypointWords(text: string): string[] {
  const words = shellSplit(text);
  if (words === undefined) throw usageError('STK7003', `--entrypoint "${text}" has an unclosed quote`, 'close the quote, or quote the whole value for your shell');
  return words;
}
