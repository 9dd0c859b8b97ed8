import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip } from '../helpers/requirements.ts';
import { ContainerFixture, containerTestsMissing } from './containers-fixture.ts';

announceSkip('containers config and security', containerTestsMissing);

describe.skipIf(containerTestsMissing)('containers: what the bundle gives the process', () => {
  let f: ContainerFixture;
  beforeAll(async () => {
    f = await ContainerFixture.create();
  });
  afterAll(async () => {
    const leftovers = await f?.cleanup();
    expect(leftovers).toEqual([]);
  });

  const runToEnd = async (body: Parameters<ContainerFixture['run']>[0]): Promise<{ code: number; out: string; id: string }> => {
    const id = await f.run(body);
    const { StatusCode } = await f.manager.wait(id);
    return { code: StatusCode, out: await f.output(id), id };
  };

  it('resolves users and groups from the image, and takes numbers verbatim', async () => {
    // As with Docker: the primary group from passwd, the supplementary ones from /etc/group memberships.
    expect((await runToEnd({ Cmd: ['id'], User: 'app' })).out).toBe('uid=1000(app) gid=1000(app) groups=50(staff)\n');
    expect((await runToEnd({ Cmd: ['sh', '-c', 'id -u; id -g'], User: '4321:8765' })).out).toBe('4321\n8765\n');
    expect((await runToEnd({ Cmd: ['id', '-G'], User: 'app', HostConfig: { GroupAdd: ['nogroup', '77'] } })).out).toBe('1000 50 77 65534\n'); // setgroups sorts
    const { Id } = await f.manager.create({ body: { Cmd: ['true'], User: 'nobody-here' }, image: f.image });
    await expect(f.manager.start(Id)).rejects.toMatchObject({ code: 'STK5210' });
  });

  it('environment and working directory: image, request, defaults', async () => {
    const { out } = await runToEnd({ Cmd: ['sh', '-c', 'echo "$PATH|$HOSTNAME|$HOME|$A|$TERM"; pwd; ls -ld /work/deep | cut -c1-10'], Env: ['A=1'], WorkingDir: '/work/deep', Hostname: 'box' });
    expect(out).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|box|/root|1|\n/work/deep\ndrwxr-xr-x\n');
    expect((await runToEnd({ Cmd: ['hostname'], Hostname: 'box2' })).out).toBe('box2\n');
  });

  it('read-only root filesystem, with a writable tmpfs where asked', async () => {
    const { code, out } = await runToEnd({ Cmd: ['sh', '-c', 'touch /x 2>&1 || echo ro; touch /scratch/y && echo tmpfs-ok; grep " /scratch " /proc/mounts | cut -d" " -f3'], HostConfig: { ReadonlyRootfs: true, Tmpfs: { '/scratch': 'size=1m' } } });
    expect(code).toBe(0);
    expect(out).toContain('ro\n');
    expect(out).toContain('tmpfs-ok\ntmpfs\n');
  });

  it('capabilities: Docker\'s defaults, minus CapDrop', async () => {
    expect((await runToEnd({ Cmd: ['sh', '-c', 'touch /f && chown 5:5 /f && echo chowned'] })).out).toBe('chowned\n');
    const dropped = await runToEnd({ Cmd: ['sh', '-c', 'touch /f && chown 5:5 /f && echo chowned'], HostConfig: { CapDrop: ['CHOWN'] } });
    expect(dropped.code).not.toBe(0);
    const caps = (await runToEnd({ Cmd: ['sh', '-c', 'grep -E "^Cap(Eff|Inh|Amb)" /proc/self/status'] })).out;
    expect(caps).toContain('CapInh:\t0000000000000000');
    expect(caps).toContain('CapAmb:\t0000000000000000');
    expect(caps).toContain('CapEff:\t00000000a80425fb'); // the 14 default capabilities
  });

  it('memory, pids and cpu limits land in the cgroup v1 files', async () => {
    const id = await f.run({ Cmd: ['sleep', '1000'], HostConfig: { Memory: 64 * 1024 * 1024, PidsLimit: 20, NanoCpus: 500_000_000, CpuShares: 512 } });
    const cg = (controller: string, file: string): string => readFileSync(join('/sys/fs/cgroup', controller, `stack-${f.instanceId}`, id, file), 'utf8').trim();
    expect(cg('memory', 'memory.limit_in_bytes')).toBe(String(64 * 1024 * 1024));
    expect(cg('pids', 'pids.max')).toBe('20');
    expect(cg('cpu', 'cpu.cfs_quota_us')).toBe('50000');
    expect(cg('cpu', 'cpu.shares')).toBe('512');
    await f.manager.stop(id, { timeoutSec: 0 });
    const forked = await runToEnd({ Cmd: ['sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 2 & done 2>&1; echo done'], HostConfig: { PidsLimit: 5 } });
    expect(forked.out).toContain("can't fork");
  });

  it('a container cannot read /proc/kcore and the other masked files, nor write /proc/sys, and /sys is read-only', async () => {
    // This host's kernel has no /proc/kcore; the masked files it does have must read empty.
    const { out } = await runToEnd({
      Cmd: ['sh', '-c', 'cat /proc/kcore 2>/dev/null | wc -c; cat /proc/keys /proc/timer_list /proc/interrupts | wc -c; ls /sys/firmware | wc -l; (echo 1 > /proc/sys/vm/drop_caches) 2>/dev/null || echo sys-ro; (touch /sys/x) 2>/dev/null || echo sysfs-ro; cat /proc/sys/net/ipv4/ip_unprivileged_port_start'],
    });
    expect(out).toBe('0\n0\n0\nsys-ro\nsysfs-ro\n0\n');
  });

  it('seccomp: a filter is on by default and refuses new namespaces even where no capability is needed', async () => {
    // A user namespace needs no capability, so only the filter can refuse it.
    const script = 'grep ^Seccomp: /proc/self/status; unshare -U true 2>/dev/null && echo unshared || echo refused';
    expect((await runToEnd({ Cmd: ['sh', '-c', script] })).out).toBe('Seccomp:\t2\nrefused\n');
    expect((await runToEnd({ Cmd: ['sh', '-c', script], HostConfig: { SecurityOpt: ['seccomp=unconfined'] } })).out).toBe('Seccomp:\t0\nunshared\n');
    expect((await runToEnd({ Cmd: ['sh', '-c', script], HostConfig: { Privileged: true } })).out).toBe('Seccomp:\t0\nunshared\n');
  });

  it('no-new-privileges and ulimits (never above our own hard limits)', async () => {
    const { out } = await runToEnd({ Cmd: ['sh', '-c', 'grep NoNewPrivs /proc/self/status; ulimit -n; ulimit -Hn'], HostConfig: { SecurityOpt: ['no-new-privileges'], Ulimits: [{ Name: 'nofile', Soft: 512, Hard: 10_000_000 }] } });
    const ownHard = /Max open files\s+\d+\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    expect(out).toBe(`NoNewPrivs:\t1\n512\n${ownHard}\n`);
  });

  it('shm size and sysctls', async () => {
    const { out } = await runToEnd({ Cmd: ['sh', '-c', 'df -k /dev/shm | tail -1 | tr -s " " | cut -d" " -f2; cat /proc/sys/net/ipv4/tcp_syncookies'], HostConfig: { ShmSize: 8 * 1024 * 1024, Sysctls: { 'net.ipv4.tcp_syncookies': '0' } } });
    expect(out).toBe('8192\n0\n');
  });
});
