import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isActive } from './container-record.ts';
import { deferred } from './deferred.ts';
import { readExitFile } from './exit-watcher.ts';
import type { ContainerEntry, ManagerContext } from './manager-context.ts';
import { decideRestart, parseRestartPolicy } from './restart-policy.ts';
import type { Supervisor } from './supervisor.ts';

export interface ExitContext extends ManagerContext {
  readonly supervisor: Supervisor;
}

/**
 * Called (under the container's lock) when conmon's exit file for `id`
 * appears: records the exit once, then removes the file. Files for
 * containers that are not running (already recorded, or unknown) are stale
 * and only removed.
 */
export async function handleExitFile(ctx: ExitContext, id: string): Promise<{ autoRemove: boolean }> {
  const exitPath = join(ctx.exitDir, id);
  const entry = ctx.entries.get(id);
  if (!entry || !isActive(entry.state)) {
    await rm(exitPath, { force: true });
    return { autoRemove: false };
  }
  const code = await readExitFile(exitPath);
  if (code === undefined) return { autoRemove: false }; // being written: the next notice or poll picks it up
  const result = await recordExit(ctx, entry, code, { oom: existsSync(join(ctx.store.paths(id).persist, 'oom')) });
  await rm(exitPath, { force: true });
  return result;
}

/**
 * Records the end of a run: runc forgets the container, the state becomes
 * exited (or restarting, when the policy says so, with Docker's back-off),
 * `die` is fired with the status, and everyone waiting for this run's end
 * is told.
 */
export async function recordExit(ctx: ExitContext, entry: ContainerEntry, exitCode: number, o: { oom?: boolean; error?: string } = {}): Promise<{ autoRemove: boolean }> {
  const { id } = entry.record;
  ctx.supervisor.stopHealth(id);
  await ctx.runtime.delete(id, { force: true }).catch((error: unknown) => ctx.log('warn', 'runc delete after exit failed', { id, error: String(error) }));
  const now = new Date();
  const ranForMs = entry.state.startedAt.startsWith('0001') ? 0 : now.getTime() - Date.parse(entry.state.startedAt);
  const policy = parseRestartPolicy(entry.record.hostConfig.RestartPolicy);
  const decision = decideRestart(policy, { exitCode, manuallyStopped: entry.state.manuallyStopped, ranForMs, memory: entry.restartMemory });
  if (o.oom) ctx.fire(entry, 'oom');
  await ctx.saveState(entry, {
    status: decision.restart ? 'restarting' : 'exited',
    pid: 0,
    conmonPid: 0,
    exitCode,
    error: o.error ?? '',
    finishedAt: now.toISOString(),
    oomKilled: o.oom === true,
    restartCount: decision.restart ? entry.state.restartCount + 1 : entry.state.restartCount,
    ...(entry.state.health ? { health: { ...entry.state.health, Status: 'unhealthy' as const } } : {}),
  });
  entry.restartMemory = decision.memory;
  ctx.fire(entry, 'die', { exitCode: String(exitCode) });
  for (const m of entry.record.mounts) if (m.type === 'volume') ctx.volumes.noteMount(m.source, 'unmount', { container: id });
  const ended = entry.exited;
  entry.exited = deferred<number>();
  ended.resolve(exitCode);
  if (decision.restart) {
    ctx.log('info', `restarting container by policy in ${decision.delayMs} ms`, { id, name: entry.record.name, exitCode, restartCount: entry.state.restartCount });
    ctx.supervisor.scheduleRestart(id, decision.delayMs);
  }
  return { autoRemove: entry.record.hostConfig.AutoRemove === true && !decision.restart };
}

/** True when `pid` is a live conmon monitoring container `id` (pids are reused: check its command line). */
export async function isConmonFor(pid: number, id: string): Promise<boolean> {
  if (pid <= 0) return false;
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('conmon') && cmdline.includes(id);
  } catch {
    return false;
  }
}
