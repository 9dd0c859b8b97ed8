import { randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkManager } from '../../src/net/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir } from '../helpers/temp.ts';
import { containerId, freePort, leftovers, nslookup, pingFrom, portIsFree, Processes, removeInstance, run, testInstance } from './net-helpers.ts';

const suite = 'net: network options, modes and failures on a real host';
const missing = missingRequirements({ root: true, commands: ['ip', 'iptables-restore', 'iptables-save', 'busybox'] });
announceSkip(suite, missing);

describe.skipIf(missing)(suite, () => {
  const instance = testInstance();
  const root = tempDir('stk-net-');
  const processes = new Processes();
  // Our own 10.2xx.y.0/24: /27s for automatic subnets, and one /26 requested by subnet.
  const prefix = `10.${randomInt(200, 256)}.${randomInt(0, 256)}`;
  const pool = { base: `${prefix}.0/24`, size: 27 };
  let manager: NetworkManager;
  const netnsOf = (id: string) => `stk${instance}-${id.slice(0, 12)}`;

  beforeAll(async () => {
    manager = await NetworkManager.open({ root: root.path, instance, pools: [pool], dnsUpstreams: [] });
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

  it('refuses bad network requests with their codes and makes nothing', async () => {
    await manager.createNetwork({ name: `dup-${instance}` });
    await expect(manager.createNetwork({ name: `dup-${instance}` })).rejects.toMatchObject({ code: 'STK6002', errorClass: 'AlreadyExists' });
    await expect(manager.createNetwork({ name: 'host' })).rejects.toMatchObject({ code: 'STK6020' });
    await expect(manager.createNetwork({ name: 'x', driver: 'overlay' })).rejects.toMatchObject({ code: 'STK6019' });
    await expect(manager.createNetwork({ name: '-bad' })).rejects.toMatchObject({ code: 'STK6019' });
    await expect(manager.createNetwork({ name: 'x', ipam: { subnet: `${prefix}.0/26` } })).rejects.toMatchObject({ code: 'STK6005' });
    await expect(manager.createNetwork({ name: 'x', ipam: { subnet: `${prefix}.129/26` } })).rejects.toMatchObject({ code: 'STK6006' });
    await expect(manager.removeNetwork('nosuch')).rejects.toMatchObject({ code: 'STK6001', errorClass: 'NotFound' });
    await manager.removeNetwork(`dup-${instance}`);
    expect(manager.networks()).toEqual([]);
    expect(await leftovers(instance)).toEqual([]);
  });

  it('creates the predefined bridge network on demand, and refuses to remove it', async () => {
    const id = containerId();
    const config = await manager.attachContainer(id, { name: 'modes-default', networkMode: 'bridge' });
    expect(config.endpoints.map((e) => e.networkName)).toEqual(['bridge']);
    expect(manager.list().map((n) => n.Name)).toEqual(['host', 'none', 'bridge']);
    await expect(manager.removeNetwork('bridge')).rejects.toMatchObject({ code: 'STK6020', errorClass: 'PermissionDenied' });
    await manager.detachContainer(id);
    await manager.detachContainer(id);
  });

  it('honours a requested subnet and static addresses, refusing one in use before making anything', async () => {
    const net = await manager.createNetwork({ name: `static-${instance}`, ipam: { subnet: `${prefix}.128/26`, gateway: `${prefix}.190` } });
    expect(net.ipam).toEqual({ subnet: `${prefix}.128/26`, gateway: `${prefix}.190` });
    const a = containerId();
    const b = containerId();
    const config = await manager.attachContainer(a, { name: 'modes-static-a', networkMode: 'bridge', networks: [{ network: net.name, ipv4Address: `${prefix}.150` }] });
    expect(config.endpoints[0]).toMatchObject({ ipv4: `${prefix}.150`, gateway: `${prefix}.190`, mac: expect.stringMatching(/^02:42:/) });
    expect((await run('ip', ['-n', netnsOf(a), 'route', 'show', 'default'])).stdout).toContain(`via ${prefix}.190`);
    await expect(manager.attachContainer(b, { name: 'modes-static-b', networkMode: 'bridge', networks: [{ network: net.name, ipv4Address: `${prefix}.150` }] })).rejects.toMatchObject({ code: 'STK6008' });
    expect(manager.containerRecord(b)).toBeUndefined();
    expect((await run('ip', ['netns', 'list'])).stdout).not.toContain(netnsOf(b));
    expect(manager.networkSettings(a).Networks).toMatchObject({ [net.name]: { IPAMConfig: { IPv4Address: `${prefix}.150` } } });
  });

  it('keeps an internal network off the outside: no masquerade, no default route, DNS still answers', async () => {
    const net = await manager.createNetwork({ name: `internal-${instance}`, internal: true });
    const a = containerId();
    const b = containerId();
    const ca = await manager.attachContainer(a, { name: 'modes-int-a', networkMode: 'bridge', networks: [{ network: net.name, aliases: ['vault'] }] });
    await manager.attachContainer(b, { name: 'modes-int-b', networkMode: 'bridge', networks: [{ network: net.name }] });
    expect((await run('ip', ['-n', netnsOf(a), 'route', 'show', 'default'])).stdout.trim()).toBe('');
    expect((await run('iptables-save', ['-t', 'nat'])).stdout).not.toContain(`-s ${net.ipam.subnet}`);
    expect((await nslookup(netnsOf(b), 'vault', net.ipam.gateway)).addresses).toEqual([ca.endpoints[0]?.ipv4]);
    expect(await pingFrom(netnsOf(b), ca.endpoints[0]?.ipv4 as string)).toBe(true);
  });

  it('masquerades a subnet\'s traffic that leaves its bridge (seen from a container on another network)', async () => {
    const left = await manager.createNetwork({ name: `left-${instance}` });
    const right = await manager.createNetwork({ name: `right-${instance}` });
    const client = containerId();
    const server = containerId();
    await manager.attachContainer(client, { name: 'modes-left', networkMode: 'bridge', networks: [{ network: left.name }] });
    const serverConfig = await manager.attachContainer(server, { name: 'modes-right', networkMode: 'bridge', networks: [{ network: right.name }] });
    const site = join(root.path, 'cgi-site');
    mkdirSync(join(site, 'cgi-bin'), { recursive: true });
    writeFileSync(join(site, 'cgi-bin', 'peer'), '#!/bin/busybox sh\necho "Content-Type: text/plain"\necho\necho "$REMOTE_ADDR"\n');
    chmodSync(join(site, 'cgi-bin', 'peer'), 0o755);
    processes.httpd(netnsOf(server), site, 8080);
    const url = `http://${serverConfig.endpoints[0]?.ipv4}:8080/cgi-bin/peer`;
    const peer = await eventually(
      async () => {
        const result = await run('ip', ['netns', 'exec', netnsOf(client), 'busybox', 'wget', '-q', '-O', '-', url]);
        if (result.status !== 0) throw new Error(result.stderr);
        return result.stdout.trim();
      },
      { what: 'the CGI behind the other bridge' },
    );
    // busybox httpd prints IPv4 peers in their IPv6-mapped form.
    expect(peer.replace(/^\[::ffff:(.*)\]$/, '$1')).toBe(right.ipam.gateway);
  });

  it('serialises concurrent attaches: distinct addresses and veths, every namespace wired', async () => {
    const net = await manager.createNetwork({ name: `busy-${instance}` });
    const ids = Array.from({ length: 12 }, () => containerId());
    const configs = await Promise.all(ids.map((id, i) => manager.attachContainer(id, { name: `modes-many-${i}`, networkMode: 'bridge', networks: [{ network: net.name, aliases: ['many'] }] })));
    const addresses = configs.map((c) => c.endpoints[0]?.ipv4);
    expect(new Set(addresses).size).toBe(ids.length);
    expect(new Set(ids.map((id) => manager.containerRecord(id)?.endpoints[0]?.hostVeth)).size).toBe(ids.length);
    expect(await pingFrom(netnsOf(ids[0] as string), addresses[ids.length - 1] as string)).toBe(true);
    expect((await nslookup(netnsOf(ids[0] as string), 'many', net.ipam.gateway)).addresses.sort()).toEqual([...addresses].sort());
    await Promise.all(ids.map((id) => manager.detachContainer(id)));
    await manager.removeNetwork(net.name);
    expect((await run('ip', ['link', 'show', net.bridge])).status).not.toBe(0);
  });

  it('undoes an attach whose kernel step fails, and recover() repairs the host and removes strays', async () => {
    const net = await manager.createNetwork({ name: `fragile-${instance}` });
    // The bridge disappears behind the manager's back: wiring a veth onto it fails for real.
    expect((await run('ip', ['link', 'del', net.bridge])).status).toBe(0);
    const id = containerId();
    const port = await freePort();
    const error = await manager
      .attachContainer(id, { name: 'modes-fragile', networkMode: 'bridge', networks: [{ network: net.name }], ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: port }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STK6012', errorClass: 'FailedPrecondition' });
    expect(manager.containerRecord(id)).toBeUndefined();
    expect((await run('ip', ['netns', 'list'])).stdout).not.toContain(netnsOf(id));
    expect(await portIsFree(port)).toBe(true);

    // Strays of this instance that no record claims: a namespace and a link.
    const strayNetns = `stk${instance}-0badc0ffee00`;
    const strayLink = `vs${instance}dead00`;
    const strayPeer = `vs${instance}dead01`;
    expect((await run('ip', ['netns', 'add', strayNetns])).status).toBe(0);
    expect((await run('ip', ['link', 'add', strayLink, 'type', 'veth', 'peer', 'name', strayPeer])).status).toBe(0);
    expect(await manager.recover()).toEqual([]);
    const found = await leftovers(instance);
    expect(found).not.toContain(`netns ${strayNetns}`);
    expect(found).not.toContain(`link ${strayLink}`);
    expect(found).not.toContain(`link ${strayPeer}`);
    expect(found).toContain(`link ${net.bridge}`);
    const config = await manager.attachContainer(id, { name: 'modes-fragile', networkMode: 'bridge', networks: [{ network: net.name }] });
    expect(await pingFrom(netnsOf(id), net.ipam.gateway)).toBe(true);
    expect(config.endpoints[0]?.networkName).toBe(net.name);
  });

  it('follows docker-compose 1.29: create on a network, disconnect, reconnect with aliases, then resolve', async () => {
    const net = await manager.createNetwork({ name: `compose-${instance}` });
    const web = containerId();
    const probe = containerId();
    const created = await manager.attachContainer(web, { name: 'compose_web_1', networkMode: 'bridge', networks: [{ network: net.name }] });
    await manager.attachContainer(probe, { name: 'compose_probe_1', networkMode: 'bridge', networks: [{ network: net.name }] });
    const disconnected = await manager.disconnect(net.name, web);
    expect(disconnected.endpoints).toEqual([]);
    const reconnected = await manager.connect(net.name, web, { aliases: ['web', web.slice(0, 12)] });
    expect(reconnected.endpoints.map((e) => [e.interface, e.ipv4])).toEqual([['eth0', created.endpoints[0]?.ipv4]]);
    expect(reconnected.resolvConf).toBe(created.resolvConf);
    expect((await nslookup(netnsOf(probe), 'web', net.ipam.gateway)).addresses).toEqual([created.endpoints[0]?.ipv4]);
    expect((await run('ip', ['-n', netnsOf(web), 'route', 'show', 'default'])).stdout).toContain(`via ${net.ipam.gateway}`);
    // Recreate renames the old container first: its new name resolves, its old one does not.
    await manager.renameContainer(web, `${web.slice(0, 12)}_compose_web_1`);
    expect((await nslookup(netnsOf(probe), `${web.slice(0, 12)}_compose_web_1`, net.ipam.gateway)).addresses).toEqual([created.endpoints[0]?.ipv4]);
    expect((await nslookup(netnsOf(probe), 'compose_web_1', net.ipam.gateway)).output).toContain('NXDOMAIN');
    expect(manager.inspect(net.name).Containers[web]?.Name).toBe(`${web.slice(0, 12)}_compose_web_1`);
  });
});
