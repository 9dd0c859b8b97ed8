import { setMaxListeners } from 'node:events';
import { StackError } from '../base/index.ts';
import type { RuntimeClient } from '../runtime/client/index.ts';
import type { CommandContext } from './context.ts';

/**
 * The one place that picks the runtime a command drives: `--runtime`, then
 * STACK_RUNTIME, then Docker. Wiring stackd in is one change here.
 */
export type RuntimeChoice = 'docker' | 'bundled';

export function runtimeChoice(ctx: Pick<CommandContext, 'global' | 'env'>): RuntimeChoice {
  const asked = ctx.global.runtime ?? ctx.env.STACK_RUNTIME ?? defaultRuntime(ctx.env);
  if (asked === 'docker' || asked === 'bundled') return asked;
  throw new StackError({
    code: 'STK7005',
    errorClass: 'InvalidArgument',
    message: `unknown runtime "${asked}"${ctx.global.runtime === undefined ? ' (from STACK_RUNTIME)' : ''}`,
    hint: 'use --runtime docker or --runtime bundled',
  });
}

/**
 * Without --runtime or STACK_RUNTIME: Docker when DOCKER_HOST names one (an
 * explicit choice), else the bundled runtime on Linux as root, else Docker.
 */
export function defaultRuntime(env: Readonly<Record<string, string | undefined>>, platform: string = process.platform, uid: number | undefined = process.getuid?.()): RuntimeChoice {
  if (env.DOCKER_HOST) return 'docker';
  return platform === 'linux' && uid === 0 ? 'bundled' : 'docker';
}

/** A client for the chosen runtime; dockerode is loaded here, only by commands that talk to one. */
export async function openRuntime(ctx: Pick<CommandContext, 'global' | 'env'> & Partial<Pick<CommandContext, 'signal' | 'forceSignal'>>): Promise<RuntimeClient & Disposable> {
  const runtime = runtimeChoice(ctx);
  // Every pending runtime call listens on the command's signals: a command with fifty calls in flight is not a leak.
  for (const signal of [ctx.signal, ctx.forceSignal]) if (signal) setMaxListeners(0, signal);
  const { createRuntimeClient } = await import('../runtime/client/index.ts');
  if (runtime === 'bundled') {
    // stackd on demand: started detached if it is not answering (non-root and non-Linux get an error pointing at Docker).
    // STACK_NO_AUTOSTART=1: never start it; a stackd that is not running is then "unreachable" (STK5001), as Docker would be.
    const { bundledRuntimeUnsupported, daemonPaths, ensureStackd } = await import('../runtime/daemon/control/index.ts');
    const unsupported = bundledRuntimeUnsupported();
    if (unsupported) throw unsupported;
    const socketPath = ctx.env.STACK_NO_AUTOSTART === '1' ? daemonPaths(ctx.env).socket : (await ensureStackd(ctx.env)).paths.socket;
    return createRuntimeClient({ runtime, env: ctx.env, socketPath });
  }
  return createRuntimeClient({ runtime, env: ctx.env });
}
