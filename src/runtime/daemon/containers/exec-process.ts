import { readFile, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { computeCapabilities } from './capabilities.ts';
import { checkContainerPath } from './mount-plan.ts';
import type { ExecConfig } from './exec-types.ts';
import type { OciProcess, OciSpec } from './oci-types.ts';
import { mergeEnv } from './process-args.ts';
import { resolveUser } from './resolve-user.ts';
import { runCommand } from './run-command.ts';

/**
 * process.json for `runc exec`: the container's own process (from the
 * bundle's config.json: env, capabilities, rlimits, no_new_privs), with the
 * exec's command, extra env, user and working directory. `Privileged` gives
 * every capability the host can grant, as Docker does; inheritable and
 * ambient stay empty.
 */
export async function buildExecProcess(bundleConfig: string, rootfs: string, config: ExecConfig, hostCapabilities: readonly string[]): Promise<OciProcess> {
  // runc sizes the new terminal from consoleSize before the process starts; its own resize from the
  // outer terminal comes later and races with a process that asks for its size at once.
  const [height, width] = config.ConsoleSize ?? [24, 80];
  const spec = JSON.parse(await readFile(bundleConfig, 'utf8')) as OciSpec;
  const base = spec.process;
  let user = base.user;
  let env = [...base.env];
  if (config.User) {
    const resolved = await resolveUser(rootfs, config.User, []);
    user = { uid: resolved.uid, gid: resolved.gid, ...(resolved.additionalGids.length > 0 ? { additionalGids: resolved.additionalGids } : {}) };
    env = mergeEnv(env, [`HOME=${resolved.home}`]);
  }
  const capabilities = config.Privileged ? computeCapabilities({ privileged: true, hostCapabilities }) : base.capabilities;
  return {
    ...base,
    terminal: config.Tty === true,
    user,
    args: [...config.Cmd],
    env: mergeEnv(env, config.Tty ? ['TERM=xterm'] : [], config.Env),
    cwd: config.WorkingDir ? checkContainerPath('exec working directory', config.WorkingDir) : base.cwd,
    capabilities,
    ...(config.Tty ? { consoleSize: { height, width } } : {}),
  };
}

/** Single-quotes an argument for `sh -c`. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The pseudo-terminal `script` made for a TTY exec: the stdin of its child
 * (runc), found through /proc. Setting its size sends SIGWINCH to runc,
 * which resizes the container's own terminal to match.
 */
export async function findScriptPty(scriptPid: number): Promise<string | undefined> {
  for (const child of await childPids(scriptPid)) {
    try {
      const target = await readlink(`/proc/${child}/fd/0`);
      if (target.startsWith('/dev/pts/')) return target;
    } catch {
      // the child is gone or not ours to read: try the next
    }
  }
  return undefined;
}

/**
 * A process's terminal as a path the host can open: `/proc/<pid>/fd/<n>`
 * for the first of its stdio fds that is a pseudo-terminal (inside a
 * container the pts lives in the container's own devpts, which only this
 * magic link reaches).
 */
export async function findProcessPty(pid: number): Promise<string | undefined> {
  for (const fd of [0, 1, 2]) {
    try {
      if ((await readlink(`/proc/${pid}/fd/${fd}`)).startsWith('/dev/pts/')) return `/proc/${pid}/fd/${fd}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function childPids(pid: number): Promise<number[]> {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = await readdir(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    try {
      const text = await readFile(join(`/proc/${pid}/task`, task, 'children'), 'utf8');
      for (const p of text.trim().split(/\s+/)) if (p) out.push(Number(p));
    } catch {
      // task ended meanwhile
    }
  }
  return out;
}

export async function setPtySize(pty: string, height: number, width: number): Promise<void> {
  await runCommand('stty', ['-F', pty, 'rows', String(Math.max(1, Math.floor(height))), 'cols', String(Math.max(1, Math.floor(width)))], { timeoutMs: 5000 });
}
