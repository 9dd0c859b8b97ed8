import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStackError } from '../../src/base/errors.ts';
import { NetworkManager, type NetworkRecord } from '../../src/net/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir } from '../helpers/temp.ts';
import { containerId, freePort, httpGet, leftovers, nslookup, pingFrom, portIsFree, Processes, removeInstance, run, testInstance, testPool } from './net-helpers.ts';

const suite = 'net: NetworkManager on a real host (bridges, netns, iptables, DNS, port proxy)';
const missing = missingRequirements({ root: true, commands: ['ip', 'iptables-restore', 'iptables-save', 'busybox'] });
announceSkip(suite, missing);

describe.skipIf(missing)(suite, () => {
  const instance = testInstance();
  const root = tempDir('stk-net-');
  const processes = new Processes();
  const pool = testPool();
  let manager: NetworkManager;
  let front: NetworkRecord;
  const web1 = containerId();
  const web2 = containerId();
  const client = containerId();
  const site = containerId();
  const netnsOf = (id: string) => `stk${instance}-${id.slice(0, 12)}`;
  const ipOf = (id: string) => manager.containerRecord(id)?.endpoints[0]?.ipv4 as string;

  beforeAll(async () => {
    manager = await NetworkManager.open({ root: root.path, instance, pools: [pool], dnsUpstreams: [] });
    await manager.recover();
    front = await manager.createNetwork({ name: `front-${instance}`, labels: { 'com.docker.compose.project': 'nettest' } });
    const site = join(root.path, 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'index.html'), `hello from ${instance}\n`);
  });

  afterAll(async () => {
    await processes.stopAll();
    try {
      await manager?.cleanupInstance();
    } finally {
      await removeInstance(instance);
      root[Symbol.dispose]();
    }
    expect(await leftovers(instance)).toEqual([]);
  });

  it('gives each network its own bridge with the gateway address, and our chains in iptables', async () => {
    const addr = await run('ip', ['-j', 'addr', 'show', 'dev', front.bridge]);
    expect(addr.stdout).toContain(`"local":"${front.ipam.gateway}"`);
    const save = (await run('iptables-save', [])).stdout;
    expect(save).toContain(`-A FORWARD -j STK-${instance}-FWD`);
    expect(save).toContain(`-A STK-${instance}-POST -s ${front.ipam.subnet} ! -o ${front.bridge} -j MASQUERADE`);
    expect(manager.inspect(front.name)).toMatchObject({ Name: front.name, Driver: 'bridge', IPAM: { Config: [{ Subnet: front.ipam.subnet, Gateway: front.ipam.gateway }] } });
  });

  it('wires two containers on one bridge that ping each other', async () => {
    const a = await manager.attachContainer(web1, { name: 'nettest-web-1', networkMode: 'bridge', networks: [{ network: front.name, aliases: ['web'] }] });
    const b = await manager.attachContainer(web2, { name: 'nettest-web-2', networkMode: 'bridge', networks: [{ network: front.id, aliases: ['web'] }] });
    expect(a.netnsPath).toBe(`/run/netns/${netnsOf(web1)}`);
    expect(a.endpoints[0]).toMatchObject({ interface: 'eth0', gateway: front.ipam.gateway });
    expect(a.resolvConf).toContain(`nameserver ${front.ipam.gateway}\n`);
    expect(a.etcHosts).toContain(`${a.endpoints[0]?.ipv4}\t${web1.slice(0, 12)}\n`);
    expect(await pingFrom(netnsOf(web1), b.endpoints[0]?.ipv4 as string)).toBe(true);
    expect(await pingFrom(netnsOf(web2), a.endpoints[0]?.ipv4 as string)).toBe(true);
    expect(Object.keys(manager.inspect(front.id).Containers).sort()).toEqual([web1, web2].sort());
  });

  it('answers service names from inside a namespace with every address, rotated, and NXDOMAIN for unknown names', async () => {
    await manager.attachContainer(client, { name: 'nettest-client-1', networkMode: 'bridge', networks: [{ network: front.name }] });
    const ips = [ipOf(web1), ipOf(web2)].sort();
    const first = await nslookup(netnsOf(client), 'web', front.ipam.gateway);
    const second = await nslookup(netnsOf(client), 'web', front.ipam.gateway);
    expect([...first.addresses].sort(), first.output).toEqual(ips);
    expect([...second.addresses].sort(), second.output).toEqual(ips);
    expect(second.addresses[0]).not.toBe(first.addresses[0]);
    expect((await nslookup(netnsOf(client), 'nettest-web-1', front.ipam.gateway)).addresses).toEqual([ipOf(web1)]);
    expect((await nslookup(netnsOf(client), web2.slice(0, 12), front.ipam.gateway)).addresses).toEqual([ipOf(web2)]);
    const unknown = await nslookup(netnsOf(client), `nosuchname-${instance}`, front.ipam.gateway);
    expect(unknown.addresses).toEqual([]);
    expect(unknown.output).toContain('NXDOMAIN');
  });

  it('publishes ports through the proxy on 127.0.0.1 and on another host address, fixed and random', async () => {
    const fixed = await freePort();
    const attached = await manager.attachContainer(site, {
      name: 'nettest-site-1',
      networkMode: 'bridge',
      networks: [{ network: front.name }],
      ports: [
        { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: fixed },
        { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' },
        { containerPort: 80, protocol: 'tcp', hostIp: front.ipam.gateway, hostPort: 0 },
      ],
    });
    // Nothing is bound until the container starts (Docker binds at start, releases at stop).
    expect(attached.ports).toEqual([]);
    expect(await portIsFree(fixed)).toBe(true);
    const config = await manager.publishPorts(site);
    expect(config.ports[0]).toEqual({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: fixed });
    expect(config.ports[1]?.hostPort).toBeGreaterThan(0);
    expect(config.ports[2]?.hostIp).toBe(front.ipam.gateway);
    processes.httpd(netnsOf(site), join(root.path, 'site'));
    const body = `hello from ${instance}\n`;
    await eventually(async () => expect(await httpGet('127.0.0.1', fixed)).toBe(body), { what: 'httpd through the fixed port' });
    expect(await httpGet('127.0.0.1', config.ports[1]?.hostPort as number)).toBe(body);
    expect(await httpGet(front.ipam.gateway, config.ports[2]?.hostPort as number)).toBe(body);
    // Hairpin: the container reaches its own published port through the host, and so do its neighbours.
    for (const from of [site, client]) {
      const hairpin = await run('ip', ['netns', 'exec', netnsOf(from), 'busybox', 'wget', '-q', '-O', '-', `http://${front.ipam.gateway}:${config.ports[2]?.hostPort}/`]);
      expect(hairpin.stdout).toBe(body);
    }
    expect(manager.networkSettings(site, ['80/tcp']).Ports).toMatchObject({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(fixed) }, expect.anything(), expect.anything()] });
  });

  it('releases published ports at exit and binds them again at the next start, the namespace kept', async () => {
    const fixed = manager.containerRecord(site)?.ports[0]?.hostPort as number;
    const address = ipOf(site);
    await manager.unpublishPorts(site);
    expect(manager.containerRecord(site)?.ports).toEqual([]);
    expect(await portIsFree(fixed)).toBe(true);
    expect(manager.networkSettings(site, ['80/tcp']).Ports).toEqual({ '80/tcp': null });
    await manager.unpublishPorts(site);
    const again = await manager.publishPorts(site);
    expect(again.ports[0]).toEqual({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: fixed });
    expect(ipOf(site)).toBe(address);
    await eventually(async () => expect(await httpGet('127.0.0.1', fixed)).toBe(`hello from ${instance}\n`), { what: 'httpd through the port bound again' });
  });

  it('refuses a port in use at start with nothing bound, and frees the ports it had bound', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const busyPort = (busy.address() as { port: number }).port;
    const other = await freePort();
    const id = containerId();
    try {
      await manager.attachContainer(id, {
        name: 'nettest-busy-1',
        networkMode: 'bridge',
        networks: [{ network: front.name }],
        ports: [
          { containerPort: 81, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: other },
          { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: busyPort },
        ],
      });
      const error = await manager.publishPorts(id).catch((e: unknown) => e);
      expect(isStackError(error) && [error.code, error.errorClass]).toEqual(['STK6009', 'Conflict']);
      expect(isStackError(error) && error.resource).toBe(`port:127.0.0.1:${busyPort}/tcp`);
      expect(manager.containerRecord(id)?.ports).toEqual([]);
      // The port bound before the failing one was released.
      expect(await portIsFree(other)).toBe(true);
    } finally {
      await manager.detachContainer(id);
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
    expect((await run('ip', ['netns', 'list'])).stdout).not.toContain(netnsOf(id));
  });

  it('connects and disconnects a second network: a new interface, names on both, the default route kept', async () => {
    const back = await manager.createNetwork({ name: `back-${instance}` });
    const db = containerId();
    await manager.attachContainer(db, { name: 'nettest-db-1', networkMode: 'bridge', networks: [{ network: back.name, aliases: ['db'] }] });
    const config = await manager.connect(back.name, client, { aliases: ['client'] });
    expect(config.endpoints.map((e) => e.interface)).toEqual(['eth0', 'eth1']);
    const eth1 = config.endpoints[1]?.ipv4 as string;
    expect((await run('ip', ['-n', netnsOf(client), '-j', 'addr', 'show', 'dev', 'eth1'])).stdout).toContain(`"local":"${eth1}"`);
    expect(config.etcHosts).toContain(`${eth1}\t${client.slice(0, 12)}\n`);
    // The client now shares `back` with db, so db resolves through its first network's DNS server.
    expect((await nslookup(netnsOf(client), 'db', front.ipam.gateway)).addresses).toEqual([ipOf(db)]);
    expect((await nslookup(netnsOf(db), 'client', back.ipam.gateway)).addresses).toEqual([eth1]);
    // db is not on front: asking front's gateway (reachable through the host) does not reveal front's names.
    expect((await nslookup(netnsOf(db), 'web', front.ipam.gateway)).output).toContain('NXDOMAIN');
    expect((await run('ip', ['-n', netnsOf(client), 'route', 'show', 'default'])).stdout).toContain(`via ${front.ipam.gateway}`);
    await expect(manager.removeNetwork(back.name)).rejects.toMatchObject({ code: 'STK6003', errorClass: 'Conflict' });

    const after = await manager.disconnect(front.name, client);
    expect(after.endpoints.map((e) => e.networkName)).toEqual([back.name]);
    expect((await run('ip', ['-n', netnsOf(client), 'route', 'show', 'default'])).stdout).toContain(`via ${back.ipam.gateway}`);
    expect(after.resolvConf).toContain(`nameserver ${back.ipam.gateway}\n`);
    await manager.detachContainer(db);
    await manager.disconnect(back.name, client);
    await manager.removeNetwork(back.name);
    expect((await run('ip', ['link', 'show', back.bridge])).status).not.toBe(0);
    await expect(manager.disconnect(back.name, client)).rejects.toMatchObject({ code: 'STK6001' });
    await manager.connect(front.name, client);
  });

  it('detaches many containers at once, holding each one\'s address until its namespace is gone', async () => {
    const churn = await manager.createNetwork({ name: `churn-${instance}` });
    const ids = Array.from({ length: 6 }, () => containerId());
    for (const [i, id] of ids.entries()) await manager.attachContainer(id, { name: `nettest-churn-${i}`, networkMode: 'bridge', networks: [{ network: churn.name }] });
    const old = ids.map((id) => ipOf(id));
    const detaching = Promise.all(ids.map((id) => manager.detachContainer(id)));
    // Attached while the six are being detached: none of their addresses is free yet.
    const newcomer = containerId();
    await manager.attachContainer(newcomer, { name: 'nettest-churn-new', networkMode: 'bridge', networks: [{ network: churn.name }] });
    expect(old).not.toContain(ipOf(newcomer));
    await detaching;
    for (const id of ids) expect(manager.containerRecord(id)).toBeUndefined();
    const namespaces = (await run('ip', ['netns', 'list'])).stdout;
    for (const id of ids) expect(namespaces).not.toContain(netnsOf(id));
    // Released once gone: the lowest address is handed out again.
    const late = containerId();
    await manager.attachContainer(late, { name: 'nettest-churn-late', networkMode: 'bridge', networks: [{ network: churn.name }] });
    expect(ipOf(late)).toBe(old[0]);
    await expect(manager.removeNetwork(churn.name)).rejects.toMatchObject({ code: 'STK6003' });
    await Promise.all([manager.detachContainer(newcomer), manager.detachContainer(late)]);
    await manager.removeNetwork(churn.name);
  });

  it('makes no namespace for none mode (the runtime makes it, only lo) nor for host mode', async () => {
    const none = containerId();
    const host = containerId();
    const n = await manager.attachContainer(none, { name: 'nettest-none', networkMode: 'none', ports: [{ containerPort: 80, protocol: 'tcp' }] });
    expect(n.warnings.length).toBe(1);
    expect(n.ports).toEqual([]);
    expect(n.netnsPath).toBeUndefined();
    expect(n.endpoints).toEqual([]);
    await expect(manager.connect(front.name, none)).rejects.toMatchObject({ code: 'STK6016' });
    const h = await manager.attachContainer(host, { name: 'nettest-host', networkMode: 'host' });
    expect(h.netnsPath).toBeUndefined();
    await expect(manager.connect(front.name, host)).rejects.toMatchObject({ code: 'STK6016' });
    await manager.detachContainer(none);
    await manager.detachContainer(host);
    expect((await run('ip', ['netns', 'list'])).stdout).not.toContain(netnsOf(none));
  });

  it('restores DNS and published ports in a new manager after the old one is disposed (stackd restart)', async () => {
    const port = manager.containerRecord(site)?.ports[0]?.hostPort as number;
    await manager.dispose();
    await expect(httpGet('127.0.0.1', port)).rejects.toThrow();
    manager = await NetworkManager.open({ root: root.path, instance, pools: [pool], dnsUpstreams: [] });
    expect(await manager.recover()).toEqual([]);
    expect(await httpGet('127.0.0.1', port)).toBe(`hello from ${instance}\n`);
    expect((await nslookup(netnsOf(client), 'web', front.ipam.gateway)).addresses).toHaveLength(2);
  });

  it('rebuilds bridges, namespaces and rules from the records after everything was removed (stack runtime stop)', async () => {
    await manager.cleanupInstance();
    expect(await leftovers(instance)).toEqual([]);
    manager = await NetworkManager.open({ root: root.path, instance, pools: [pool], dnsUpstreams: [] });
    expect(await manager.recover()).toEqual([]);
    expect(await pingFrom(netnsOf(web1), ipOf(web2))).toBe(true);
    expect((await nslookup(netnsOf(client), 'web', front.ipam.gateway)).addresses).toHaveLength(2);
  });

  it('removes a network\'s bridge and rules with it, and our chains with the last network', async () => {
    for (const id of Object.keys(manager.inspect(front.id).Containers)) await manager.detachContainer(id);
    expect(await leftovers(instance)).toEqual(expect.arrayContaining([`link ${front.bridge}`]));
    await manager.removeNetwork(front.id);
    expect(await leftovers(instance)).toEqual([]);
    expect(manager.list().map((n) => n.Name)).toEqual(['host', 'none']);
  });
});
