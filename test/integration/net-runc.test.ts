import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkManager } from '../../src/net/index.ts';
import { makeBusyboxRootfs } from '../helpers/busybox.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir } from '../helpers/temp.ts';
import { containerId, leftovers, removeInstance, run, testInstance, testPool } from './net-helpers.ts';

/**
 * The contract with the container side, with a real runc: a container that
 * joins the namespace path we give it and uses the /etc files we render
 * resolves a service name through our DNS server and reaches that service.
 */

const suite = 'net: a runc container joins our namespace and uses our DNS';
const missing = missingRequirements({ root: true, commands: ['ip', 'iptables-restore', 'iptables-save', 'busybox', 'runc'] });
announceSkip(suite, missing);

describe.skipIf(missing)(suite, () => {
  const instance = testInstance();
  const dir = tempDir('stk-netrunc-');
  let manager: NetworkManager;

  beforeAll(async () => {
    manager = await NetworkManager.open({ root: join(dir.path, 'state'), instance, pools: [testPool()], dnsUpstreams: [] });
  });

  afterAll(async () => {
    try {
      await manager?.cleanupInstance();
    } finally {
      await removeInstance(instance);
      dir[Symbol.dispose]();
    }
    expect(await leftovers(instance)).toEqual([]);
  });

  it('resolves and pings a service from inside the container', async () => {
    const network = await manager.createNetwork({ name: `runc-${instance}` });
    const web = await manager.attachContainer(containerId(), { name: 'runc-web-1', networkMode: 'bridge', networks: [{ network: network.name, aliases: ['web'] }] });
    const id = containerId();
    const config = await manager.attachContainer(id, { name: 'runc-client-1', hostname: 'client', networkMode: 'bridge', networks: [{ network: network.name }] });

    const bundle = join(dir.path, 'bundle');
    const rootfs = makeBusyboxRootfs(join(bundle, 'rootfs'));
    writeFileSync(join(rootfs, 'etc/hosts'), config.etcHosts);
    writeFileSync(join(rootfs, 'etc/resolv.conf'), config.resolvConf);
    writeFileSync(join(rootfs, 'etc/hostname'), config.etcHostname);
    execFileSync('runc', ['spec'], { cwd: bundle });
    const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as {
      process: { terminal: boolean; args: string[]; capabilities: Record<string, string[]> };
      hostname: string;
      root: { readonly: boolean };
      linux: { namespaces: { type: string; path?: string }[] };
    };
    spec.process.terminal = false;
    // ping needs NET_RAW, which Docker's default set has and runc's template lacks.
    for (const set of ['bounding', 'effective', 'permitted']) spec.process.capabilities[set]?.push('CAP_NET_RAW');
    spec.process.args = ['sh', '-c', 'nslookup web && ping -c 1 -W 2 web && ip -o -4 addr show eth0'];
    spec.hostname = config.hostname;
    spec.root.readonly = true;
    spec.linux.namespaces = spec.linux.namespaces.map((ns) => (ns.type === 'network' ? { type: 'network', path: config.netnsPath as string } : ns));
    writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));

    // Foreground `runc run`, its exit status the container's; asynchronous, since our DNS server answers from this process.
    const result = await run('runc', ['--root', join(dir.path, 'runc'), 'run', '--bundle', bundle, `netrunc-${instance}`], 60_000);
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toContain(`Address: ${web.endpoints[0]?.ipv4}`);
    expect(output).toContain('1 packets received');
    expect(output).toContain(`inet ${config.endpoints[0]?.ipv4}/`);
  });
});
