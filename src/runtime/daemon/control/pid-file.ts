import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';

/**
 * The pid file says which process serves a state root. A pid is only
 * believed when that process is alive and is a stackd (its command line
 * names the stackd program), so a stale file after a crash or a reused pid
 * never blocks a start or gets signalled.
 */
export async function readDaemonPid(pidFile: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  return isStackdProcess(pid) ? pid : undefined;
}

/** Whether the pid is a live stackd: `stackd` in its argv (the bundle dist/stackd.js, or a test's entry). */
export function isStackdProcess(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.some((a) => /stackd(\.[cm]?js)?$|daemon\/entry\.[jt]s$/.test(a));
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the pid file if it still names this pid (a successor may have written its own). */
export async function removePidFile(pidFile: string, pid: number): Promise<void> {
  const text = await readFile(pidFile, 'utf8').catch(() => '');
  if (Number.parseInt(text.trim(), 10) === pid) await rm(pidFile, { force: true });
}
