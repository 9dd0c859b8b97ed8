import { join } from 'node:path';
import { readPid } from './conmon.ts';
import { isConmonFor, recordExit, type ExitContext } from './container-exit.ts';
import { isActive, ZERO_TIME } from './container-record.ts';
import type { StopContext } from './container-stop.ts';
import { deferred } from './deferred.ts';
import { readExitFile } from './exit-watcher.ts';
import { parseHealthcheck } from './health.ts';
import type { ContainerEntry } from './manager-context.ts';
import { parseRestartPolicy, restartsOnDaemonStart } from './restart-policy.ts';
import { unmountOverlay } from './rootfs.ts';

export interface RecoverResult {
  readonly adopted: readonly string[];
  readonly exitedWhileDown: readonly string[];
  readonly restarting: readonly string[];
  /** Running, but their conmon is gone: the manager watches their pid instead of the exit file. */
  readonly orphans: readonly string[];
  readonly discarded: readonly string[];
}

/**
 * Rebuilds the manager's view after a (re)start of the daemon from what is
 * on disk and what runc and conmon say: containers still running are
 * re-adopted (their conmon kept logging and will write their exit status),
 * exits that happened while the daemon was down are recorded from conmon's
 * exit files and their restart policies applied, and half-made containers
 * (a create that died before its record was written) are removed.
 */
export async function recoverContainers(ctx: ExitContext, names: Map<string, string>): Promise<RecoverResult> {
  const { containers, partial } = await ctx.store.loadAll();
  const discarded: string[] = [];
  for (const id of partial) {
    await unmountOverlay(id, ctx.store.paths(id).rootfs).catch(() => undefined);
    await ctx.store.removeDir(id);
    discarded.push(id);
    ctx.log('warn', 'removed a container whose create did not finish', { id });
  }
  const adopted: string[] = [];
  const exitedWhileDown: string[] = [];
  const restarting: string[] = [];
  const orphans: string[] = [];
  for (const { record, state } of containers) {
    const entry: ContainerEntry = { record, state, exited: deferred<number>(), removed: deferred<number>(), restartMemory: { restartCount: state.restartCount, backoffMs: 0 } };
    ctx.entries.set(record.id, entry);
    names.set(record.name, record.id);
  }
  for (const entry of ctx.entries.values()) {
    const { id } = entry.record;
    const paths = ctx.store.paths(id);
    const policy = parseRestartPolicy(entry.record.hostConfig.RestartPolicy);
    if (entry.state.status === 'running' || entry.state.status === 'paused') {
      const code = (await readExitFile(join(ctx.exitDir, id))) ?? (await readExitFile(join(paths.persist, 'exit')));
      const oci = code === undefined ? await ctx.runtime.state(id).catch(() => undefined) : undefined;
      if (oci && (oci.status === 'running' || oci.status === 'paused')) {
        const conmonPid = entry.state.conmonPid || (await readPid(paths.conmonPidFile).catch(() => 0));
        await ctx.saveState(entry, { status: oci.status, pid: oci.pid, conmonPid });
        const probe = parseHealthcheck(entry.record.config.Healthcheck);
        if (probe) ctx.supervisor.startHealth(id, probe);
        adopted.push(id);
        if (!(await isConmonFor(conmonPid, id))) orphans.push(id);
        ctx.log('info', 're-adopted a running container', { id, name: entry.record.name, pid: oci.pid });
        continue;
      }
      await recordExit(ctx, entry, code ?? 255, code === undefined ? { error: 'the container stopped while the daemon was down and its exit status was lost' } : {});
      exitedWhileDown.push(id);
      if (ctx.supervisor.hasPendingRestart(id)) restarting.push(id);
      continue;
    }
    if (entry.state.status === 'restarting') {
      ctx.supervisor.scheduleRestart(id, 0);
      restarting.push(id);
      continue;
    }
    if (entry.state.status === 'exited' && entry.state.startedAt !== ZERO_TIME && restartsOnDaemonStart(policy, entry.state)) {
      await ctx.saveState(entry, { status: 'restarting' });
      ctx.supervisor.scheduleRestart(id, 0);
      restarting.push(id);
    }
  }
  return { adopted, exitedWhileDown, restarting, orphans, discarded };
}

/**
 * Containers re-adopted without their conmon: no exit file will ever come,
 * so their state is polled through runc instead, and their end recorded
 * with an unknown status. Returns the function that stops the polling.
 */
export function watchOrphans(ctx: StopContext, ids: readonly string[]): () => void {
  const pending = new Set(ids);
  const timer = setInterval(() => {
    for (const id of pending) {
      const entry = ctx.entries.get(id);
      if (!entry || !isActive(entry.state)) {
        pending.delete(id);
        continue;
      }
      void ctx.runtime.state(id).then(async (oci) => {
        if (oci && (oci.status === 'running' || oci.status === 'paused')) return;
        pending.delete(id);
        await ctx.locks.run(id, () => recordExit(ctx, entry, 255, { error: 'the container exited without its monitor (conmon); its exit status was lost' }));
      }, () => undefined);
    }
    if (pending.size === 0) clearInterval(timer);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
