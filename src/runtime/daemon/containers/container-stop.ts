import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { canceledError, isStackError } from '../../../base/index.ts';
import type { KeyedMutex } from '../volumes/index.ts';
import { busy, containerError, isPaused, isRunning, notPaused, notRunning } from './container-errors.ts';
import type { ExitContext } from './container-exit.ts';
import { isActive } from './container-record.ts';
import { within } from './deferred.ts';
import type { ContainerEntry } from './manager-context.ts';
import { removeCgroup } from './oci-runtime.ts';
import { unmountOverlay } from './rootfs.ts';
import { parseSignal } from './signals.ts';

export interface StopContext extends ExitContext {
  readonly locks: KeyedMutex;
  /** Drops a removed container from the manager's maps. */
  forget(entry: ContainerEntry): void;
}

const SIGKILL = 9;
/** How long a SIGKILLed container may take to be reported gone (the exit file poll is 1 s). */
const KILL_WAIT_MS = 30_000;

/**
 * Docker's stop: mark the container stopped by hand (no policy restart),
 * send its stop signal, wait the grace period, then SIGKILL and wait for
 * conmon's exit file. The lock is held only to send signals, never while
 * waiting, so the exit can be recorded meanwhile.
 */
export async function stopContainer(ctx: StopContext, entry: ContainerEntry, options: { timeoutSec?: number; signal?: AbortSignal }): Promise<boolean> {
  const { id } = entry.record;
  // The end-of-run promise is wrapped: returned bare from the locked section it would be awaited there, holding the lock.
  const outcome = await ctx.locks.run(id, async (): Promise<{ exited: Promise<number> } | boolean> => {
    if (entry.state.status === 'restarting') {
      ctx.supervisor.cancelRestart(id);
      await ctx.saveState(entry, { status: 'exited', manuallyStopped: true });
      ctx.fire(entry, 'stop');
      return true;
    }
    if (!isActive(entry.state)) return false;
    await ctx.saveState(entry, { manuallyStopped: true });
    const exited = entry.exited.promise;
    const signal = parseSignal(entry.record.config.StopSignal || 'SIGTERM');
    await sendSignal(ctx, entry, signal);
    return { exited };
  });
  if (typeof outcome === 'boolean') return outcome;
  const ended = outcome.exited;
  const timeoutSec = options.timeoutSec ?? entry.record.config.StopTimeout ?? 10;
  let code = timeoutSec < 0 ? await within(ended, 2 ** 31 - 1, options.signal) : await within(ended, timeoutSec * 1000, options.signal);
  if (code === undefined) {
    if (options.signal?.aborted) throw canceledError(`container:${entry.record.name}`);
    await ctx.locks.run(id, async () => {
      if (isActive(entry.state)) await sendSignal(ctx, entry, SIGKILL);
    });
    code = await within(ended, KILL_WAIT_MS);
    if (code === undefined) {
      throw containerError('STK5217', 'Timeout', {
        message: `container ${id.slice(0, 12)} did not exit ${KILL_WAIT_MS / 1000} s after SIGKILL`,
        hint: 'A process stuck in the kernel (D state) cannot be killed; check `ps` on the host.',
        resource: `container:${entry.record.name}`,
      });
    }
  }
  ctx.fire(entry, 'stop');
  return true;
}

/** Sends a signal to the init; a paused container is resumed after it, so the signal can act. */
async function sendSignal(ctx: StopContext, entry: ContainerEntry, signal: number): Promise<void> {
  const { id } = entry.record;
  try {
    await ctx.runtime.kill(id, signal, { all: signal === SIGKILL && entry.record.hostConfig.PidMode === 'host' });
  } catch (error) {
    if (!(isStackError(error) && error.code === 'STK5204')) throw error; // already exiting: the exit file will come
  }
  ctx.fire(entry, 'kill', { signal: String(signal) });
  if (entry.state.status === 'paused') {
    await ctx.runtime.resume(id).catch(() => undefined);
    await ctx.saveState(entry, { status: 'running' });
  }
}

/**
 * Docker's kill: any signal to a running container. SIGKILL and the stop
 * signal count as a manual stop (no policy restart until the next start);
 * SIGKILL waits until the container is gone, as Docker does.
 */
export async function killContainer(ctx: StopContext, entry: ContainerEntry, signalText: string | number): Promise<void> {
  const { id } = entry.record;
  const signal = parseSignal(signalText);
  const { exited } = await ctx.locks.run(id, async () => {
    if (entry.state.status === 'paused') throw isPaused(id, 'kill');
    if (entry.state.status !== 'running') throw notRunning(id, 'kill');
    const stopSignal = parseSignal(entry.record.config.StopSignal || 'SIGTERM');
    if (signal === SIGKILL || signal === stopSignal) await ctx.saveState(entry, { manuallyStopped: true });
    const runEnd = entry.exited.promise;
    await ctx.runtime.kill(id, signal);
    ctx.fire(entry, 'kill', { signal: String(signal) });
    return { exited: runEnd };
  });
  if (signal === SIGKILL) await within(exited, KILL_WAIT_MS);
}

/**
 * Removes a container: refused while it runs unless forced (then SIGKILL
 * and wait), then runc's state, the overlay mount, the directory with its
 * log, and, with `volumes`, its anonymous volumes (named ones always stay).
 */
export async function removeContainer(ctx: StopContext, entry: ContainerEntry, options: { force?: boolean; volumes?: boolean; signal?: AbortSignal }): Promise<void> {
  const { id } = entry.record;
  if (isActive(entry.state) || entry.state.status === 'restarting') {
    if (!options.force) throw isRunning(id, 'remove');
    const ended = await ctx.locks.run(id, async (): Promise<{ exited: Promise<number> } | undefined> => {
      if (entry.state.status === 'restarting') {
        ctx.supervisor.cancelRestart(id);
        await ctx.saveState(entry, { status: 'exited', manuallyStopped: true });
        return undefined;
      }
      if (!isActive(entry.state)) return undefined;
      await ctx.saveState(entry, { manuallyStopped: true });
      const exited = entry.exited.promise;
      await sendSignal(ctx, entry, SIGKILL);
      return { exited };
    });
    if (ended && (await within(ended.exited, KILL_WAIT_MS, options.signal)) === undefined) {
      throw containerError('STK5217', 'Timeout', { message: `container ${id.slice(0, 12)} did not exit after SIGKILL`, hint: 'Check for processes stuck in the kernel, then remove it again.' });
    }
  }
  await ctx.locks.run(id, async () => {
    if (entry.state.status === 'removing') throw busy(id, 'already being removed');
    if (isActive(entry.state)) throw isRunning(id, 'remove');
    ctx.supervisor.cancelRestart(id);
    ctx.supervisor.stopHealth(id);
    await ctx.saveState(entry, { status: 'removing' });
    const paths = ctx.store.paths(id);
    await ctx.runtime.delete(id, { force: true });
    await unmountOverlay(id, paths.rootfs);
    await rm(join(ctx.socketDir, id), { force: true });
    await rm(join(ctx.exitDir, id), { force: true });
    await ctx.store.removeDir(id);
    await removeCgroup(`stack-${ctx.instanceId}/${id}`);
    ctx.forget(entry);
    if (options.volumes) {
      for (const mount of entry.record.mounts) {
        if (mount.type !== 'volume' || !mount.anonymous) continue;
        await ctx.volumes.remove(mount.source, { force: true }).catch((error: unknown) => ctx.log('info', 'kept an anonymous volume another container uses', { volume: mount.source, error: String(error) }));
      }
    }
    ctx.fire(entry, 'destroy');
    entry.removed.resolve(entry.state.exitCode);
  });
}

export async function pauseContainer(ctx: StopContext, entry: ContainerEntry): Promise<void> {
  await ctx.locks.run(entry.record.id, async () => {
    if (entry.state.status === 'paused') throw isPaused(entry.record.id, 'pause');
    if (entry.state.status !== 'running') throw notRunning(entry.record.id, 'pause');
    await ctx.runtime.pause(entry.record.id);
    await ctx.saveState(entry, { status: 'paused' });
    ctx.fire(entry, 'pause');
  });
}

export async function unpauseContainer(ctx: StopContext, entry: ContainerEntry): Promise<void> {
  await ctx.locks.run(entry.record.id, async () => {
    if (entry.state.status !== 'paused') throw notPaused(entry.record.id);
    await ctx.runtime.resume(entry.record.id);
    await ctx.saveState(entry, { status: 'running' });
    ctx.fire(entry, 'unpause');
  });
}
