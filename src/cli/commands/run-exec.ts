import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { checkServices, loadScope, oneContainer, parseIndex } from './session.ts';
import { bridgeStdio, environmentFlags, wantsTty } from './stdio-bridge.ts';

interface ExecFlags {
  readonly detach: boolean;
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workdir?: string;
  readonly tty: boolean;
  readonly index?: string;
  readonly privileged: boolean;
}

/** `stack exec svc cmd...`: the command's output on ours, our stdin on its, its exit code as ours. */
export const runExec: CommandRun = async (ctx, args, options) => {
  const flags = options as unknown as ExecFlags;
  const [service = '', ...cmd] = args;
  const index = parseIndex(flags.index);
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  if (!checkServices(ctx, scoped.value, [service])) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  const container = await oneContainer(client, scoped.value, service, index, ctx.signal);
  const tty = wantsTty(ctx, !flags.tty);
  const env = environmentFlags(flags.env, ctx.env);
  const session = await client.execContainer(container.id, {
    cmd,
    ...(Object.keys(env).length > 0 ? { env: Object.entries(env).map(([k, v]) => `${k}=${v}`) } : {}),
    ...(flags.user !== undefined ? { user: flags.user } : {}),
    ...(flags.workdir !== undefined ? { workingDir: flags.workdir } : {}),
    tty,
    stdin: !flags.detach,
    privileged: flags.privileged,
    detach: flags.detach,
  });
  if (flags.detach) return ExitCode.Ok;
  const undo = bridgeStdio(ctx, session);
  try {
    return await session.exitCode();
  } finally {
    undo();
  }
};
