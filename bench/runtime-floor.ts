// The floor of `stack up -d` / `down` of many services on this host: the kernel and
// runc work stackd does per container, done by hand with no daemon, no conmon and
// no CLI, every container at once. Whatever stackd does beyond it is its overhead;
// what it costs itself is a bound no daemon can beat on this machine.
//   up:   overlay rootfs, `ip netns add` + veth on a bridge (one `ip -b`), address,
//         lo and default route inside (`ip -n ... -b`), `runc run -d` of `sleep`
//   down: `runc delete -f`, umount, `ip netns del`
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function exec(command: string, args: readonly string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, [...args], { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr.trim() || error.message}`)) : resolve(),
    );
    child.stdin?.end(input);
  });
}

/** `runc run -d`: the container inherits runc's stdio, so it gets /dev/null (a pipe would stay open as long as it runs). */
function runDetached(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: 'ignore', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: exit ${code}`))));
  });
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Brings `count` containers up by hand, all at once, then down, and returns
 * both wall times. `bundle` holds a `runc spec` config.json; `rootfs` is the
 * read-only lower directory. Everything made is removed, even on failure.
 */
export async function handFloor(work: string, bundle: string, rootfs: string, count: number): Promise<{ up: number; down: number }> {
  const tag = (process.pid % 100_000).toString(36);
  const bridge = `stkfl${tag}`;
  const subnet = `10.${200 + (process.pid % 50)}.${process.pid % 250}`;
  const runcRoot = join(work, `floor-runc-${tag}`);
  const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as {
    root: { path: string };
    process: { args: string[] };
    linux: { namespaces: { type: string; path?: string }[] };
  };
  const names = Array.from({ length: count }, (_, i) => ({ i, dir: join(work, `floor-${tag}-${i}`), netns: `stkfl${tag}-${i}`, veth: `stkfv${tag}${i}`, id: `floor-${tag}-${i}` }));
  const made = { bridge: false, mounts: new Set<string>(), netns: new Set<string>(), containers: new Set<string>() };
  try {
    await exec('ip', ['-b', '-'], `link add ${bridge} type bridge\naddr add ${subnet}.1/24 dev ${bridge}\nlink set ${bridge} up\n`);
    made.bridge = true;
    const up = await time(() =>
      Promise.all(
        names.map(async ({ i, dir, netns, veth, id }) => {
          for (const d of ['upper', 'work', 'rootfs']) mkdirSync(join(dir, d), { recursive: true });
          await exec('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${rootfs},upperdir=${join(dir, 'upper')},workdir=${join(dir, 'work')}`, join(dir, 'rootfs')]);
          made.mounts.add(join(dir, 'rootfs'));
          made.netns.add(netns);
          await exec('ip', ['-b', '-'], `netns add ${netns}\nlink add ${veth} type veth peer name eth0 netns ${netns}\nlink set ${veth} master ${bridge} up\n`);
          await exec('ip', ['-n', netns, '-b', '-'], `addr add ${subnet}.${10 + i}/24 dev eth0\nlink set eth0 up\nlink set lo up\nroute add default via ${subnet}.1\n`);
          const config = {
            ...spec,
            root: { ...spec.root, path: join(dir, 'rootfs') },
            process: { ...spec.process, terminal: false, args: ['/bin/busybox', 'sleep', '1000000'] },
            linux: { ...spec.linux, namespaces: spec.linux.namespaces.map((n) => (n.type === 'network' ? { type: 'network', path: `/run/netns/${netns}` } : n)) },
          };
          writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
          made.containers.add(id);
          await runDetached('runc', ['--root', runcRoot, 'run', '-d', '--bundle', dir, id]);
        }),
      ),
    );
    const down = await time(() =>
      Promise.all(
        names.map(async ({ dir, netns, id }) => {
          await exec('runc', ['--root', runcRoot, 'delete', '-f', id]);
          made.containers.delete(id);
          await exec('umount', [join(dir, 'rootfs')]);
          made.mounts.delete(join(dir, 'rootfs'));
          await exec('ip', ['netns', 'del', netns]);
          made.netns.delete(netns);
        }),
      ),
    );
    return { up, down };
  } finally {
    const quiet = (p: Promise<void>) => p.catch(() => undefined);
    await Promise.all([...made.containers].map((id) => quiet(exec('runc', ['--root', runcRoot, 'delete', '-f', id]))));
    await Promise.all([...made.mounts].map((m) => quiet(exec('umount', [m]))));
    await Promise.all([...made.netns].map((n) => quiet(exec('ip', ['netns', 'del', n]))));
    if (made.bridge) await quiet(exec('ip', ['link', 'del', bridge]));
  }
}
