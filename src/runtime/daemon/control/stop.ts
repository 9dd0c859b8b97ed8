import { StackError } from '../../../base/index.ts';
import { daemonPaths, type DaemonPaths } from './paths.ts';
import { isAlive, readDaemonPid } from './pid-file.ts';
import type { Env } from './start.ts';

export interface StopResult {
  readonly paths: DaemonPaths;
  /** The pid that was stopped, or undefined when no stackd ran. */
  readonly pid: number | undefined;
}

/**
 * SIGTERM to the stackd of this environment, then wait for it to exit.
 * stackd keeps running containers (conmon holds them); when none runs it
 * removes its kernel objects before exiting (see entry.ts).
 */
export async function stopStackd(env: Env, options: { readonly timeoutMs?: number } = {}): Promise<StopResult> {
  const paths = daemonPaths(env);
  const pid = await readDaemonPid(paths.pidFile);
  if (pid === undefined) return { paths, pid: undefined };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return { paths, pid };
  }
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new StackError({
        code: 'STK5310',
        errorClass: 'Timeout',
        message: `stackd (pid ${pid}) did not exit within ${options.timeoutMs ?? 30_000} ms of SIGTERM`,
        hint: `Read ${paths.logFile}; \`kill -9 ${pid}\` ends it (containers keep running and the next stackd re-adopts them).`,
        resource: 'runtime:stackd',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { paths, pid };
}
