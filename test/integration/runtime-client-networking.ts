import { expect, it } from 'vitest';
import { runExec } from '../../src/runtime/client/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { randomSubnet, runLabel, type SuiteContext } from './runtime-client-context.ts';

/** Network, volume and published-port checks of the conformance suite. */

const idle = ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.1; done"];
const httpd = ['sh', '-c', 'mkdir -p /www && echo "hello from $(hostname)" > /www/index.html && exec httpd -f -p 80 -h /www'];

export function networkingChecks(ctx: SuiteContext): void {
  it('networks: create with a subnet, inspect, list by label; a duplicate name is a Conflict', async () => {
    const { subnet, prefix } = randomSubnet();
    const name = ctx.name('net-basic');
    const { id } = await ctx.client.createNetwork({ Name: name, CheckDuplicate: true, Labels: ctx.labels({ 'com.docker.compose.network': 'basic' }), IPAM: { Config: [{ Subnet: subnet, Gateway: `${prefix}.1` }] } });
    const inspected = await ctx.client.inspectNetwork(name);
    expect(inspected).toMatchObject({ id, name, driver: 'bridge', internal: false, ipam: { pools: [{ subnet, gateway: `${prefix}.1` }] } });
    expect(inspected.labels['com.docker.compose.network']).toBe('basic');
    const listed = await ctx.client.listNetworks({ labels: [ctx.projectFilter, 'com.docker.compose.network=basic'] });
    expect(listed.map((n) => n.id)).toEqual([id]);
    await expect(ctx.client.createNetwork({ Name: name, CheckDuplicate: true, Labels: ctx.labels() })).rejects.toMatchObject({ errorClass: 'Conflict', code: 'STK5011' });
    await ctx.client.removeNetwork(name);
    await expect(ctx.client.inspectNetwork(name)).rejects.toMatchObject({ code: 'STK5007', errorClass: 'NotFound' });
  });

  it('networks: aliases and fixed addresses; containers reach each other by alias; connect and disconnect', async () => {
    const { subnet, prefix } = randomSubnet();
    const network = ctx.name('net-dns');
    await ctx.client.createNetwork({ Name: network, CheckDuplicate: true, Labels: ctx.labels(), IPAM: { Config: [{ Subnet: subnet }] } });
    const server = await ctx.create('dns-server', {
      Cmd: httpd,
      HostConfig: { NetworkMode: network },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: ['db-alias'], IPAMConfig: { IPv4Address: `${prefix}.50` } } } },
    });
    const client = await ctx.create('dns-client', { Cmd: idle });
    await ctx.client.startContainer(server.id);
    await ctx.client.connectNetwork(network, client.id, { aliases: ['client-alias'], ipv4Address: `${prefix}.60` });
    await ctx.client.startContainer(client.id);

    const attached = (await ctx.client.inspectContainer(client.id)).networks.find((n) => n.name === network);
    expect(attached).toMatchObject({ ipAddress: `${prefix}.60` });
    expect(attached?.aliases).toContain('client-alias');
    const members = (await ctx.client.inspectNetwork(network)).containers.map((c) => [c.name, c.ipv4Address]);
    expect(members).toEqual([
      [client.name, `${prefix}.60/24`],
      [server.name, `${prefix}.50/24`],
    ]);

    // Name resolution by alias through the engine's DNS, then a real connection to the aliased server.
    const lookup = await eventually(async () => {
      const result = await runExec(ctx.client, client.id, { cmd: ['nslookup', 'db-alias'] });
      expect(result.stdout).toContain(`${prefix}.50`);
      return result;
    }, { what: 'db-alias to resolve', timeoutMs: 20_000 });
    expect(lookup.exitCode).toBe(0);
    const fetched = await eventually(async () => {
      const result = await runExec(ctx.client, client.id, { cmd: ['wget', '-q', '-O', '-', 'http://db-alias/'] });
      expect(result.exitCode).toBe(0);
      return result.stdout;
    }, { what: 'httpd to answer through its alias', timeoutMs: 20_000 });
    expect(fetched).toMatch(/^hello from /);

    await ctx.client.disconnectNetwork(network, client.id);
    expect((await ctx.client.inspectNetwork(network)).containers.map((c) => c.name)).toEqual([server.name]);
    await expect(ctx.client.removeNetwork(network)).rejects.toMatchObject({ errorClass: 'Conflict' });
    await ctx.client.removeContainer(server.id, { force: true });
    await ctx.client.removeNetwork(network);
  });

  it('volumes: create, inspect, list by label, share data between containers; removal while in use is a Conflict', async () => {
    const name = ctx.name('vol');
    const created = await ctx.client.createVolume({ Name: name, Labels: ctx.labels({ 'com.docker.compose.volume': 'data' }) });
    expect(created).toMatchObject({ name, driver: 'local' });
    expect((await ctx.client.inspectVolume(name)).labels['com.docker.compose.volume']).toBe('data');
    expect((await ctx.client.listVolumes({ labels: [ctx.projectFilter, 'com.docker.compose.volume=data'] })).map((v) => v.name)).toEqual([name]);

    const writer = await ctx.create('vol-writer', { Cmd: ['sh', '-c', 'echo persisted > /data/file'], HostConfig: { Mounts: [{ Type: 'volume', Source: name, Target: '/data' }] } });
    await ctx.client.startContainer(writer.id);
    expect(await ctx.client.waitContainer(writer.id)).toEqual({ exitCode: 0 });
    const mounts = (await ctx.client.inspectContainer(writer.id)).mounts;
    expect(mounts).toEqual([expect.objectContaining({ type: 'volume', name, destination: '/data', readOnly: false })]);
    const reader = await ctx.create('vol-reader', { Cmd: ['cat', '/data/file'], HostConfig: { Binds: [`${name}:/data:ro`] } });
    await ctx.client.startContainer(reader.id);
    expect(await ctx.client.waitContainer(reader.id)).toEqual({ exitCode: 0 });
    const lines: string[] = [];
    for await (const line of ctx.client.containerLogs(reader.id)) lines.push(line.line);
    expect(lines).toEqual(['persisted']);

    await expect(ctx.client.removeVolume(name)).rejects.toMatchObject({ errorClass: 'Conflict', code: 'STK5012' });
    await ctx.client.removeContainer(writer.id);
    await ctx.client.removeContainer(reader.id);
    await ctx.client.removeVolume(name);
    await expect(ctx.client.inspectVolume(name)).rejects.toMatchObject({ code: 'STK5008', errorClass: 'NotFound' });
  });

  it('ports: published on 127.0.0.1 and reachable from the host; a second container on the same port is a PortAllocated Conflict', async () => {
    const web = await ctx.create('port-web', {
      Cmd: httpd,
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    });
    await ctx.client.startContainer(web.id);
    const published = (await ctx.client.inspectContainer(web.id)).ports.find((p) => p.containerPort === 80 && p.hostPort !== undefined);
    expect(published).toMatchObject({ protocol: 'tcp', hostIp: '127.0.0.1' });
    const hostPort = published?.hostPort ?? 0;
    expect(hostPort).toBeGreaterThan(0);
    const listed = await ctx.client.listContainers({ ids: [web.id] });
    expect(listed[0]?.ports).toContainEqual({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort });

    const body = await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${hostPort}/`);
      expect(response.status).toBe(200);
      return response.text();
    }, { what: `http://127.0.0.1:${hostPort}/ to answer`, timeoutMs: 20_000 });
    expect(body).toMatch(/^hello from /);

    const clash = await ctx.create('port-clash', { Cmd: httpd, ExposedPorts: { '80/tcp': {} }, HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] } } });
    const failure = await ctx.client.startContainer(clash.id).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'STK5013', errorClass: 'Conflict' });
    expect((failure as { hint?: string }).hint).toContain(String(hostPort));
  });

  it('events: filtered by label and type, replayed from `since`, ending quietly on abort', async () => {
    const since = new Date(Date.now() - 1000);
    const mine = await ctx.create('events', { Cmd: ['true'] });
    // Same run, but outside the project: the label filter must leave it out.
    const { id: other } = await ctx.client.createContainer(ctx.name('events-other'), { Image: ctx.image, Cmd: ['true'], Labels: { [runLabel]: ctx.run }, HostConfig: { NetworkMode: ctx.network } });
    await ctx.client.startContainer(mine.id);
    await ctx.client.startContainer(other);
    await ctx.client.waitContainer(mine.id);

    const controller = new AbortController();
    // A deadline, not a wait: if `die` never comes the loop ends and the assertion below shows what did.
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(30_000)]);
    const actions: string[] = [];
    for await (const event of ctx.client.events({ labels: [ctx.projectFilter], types: ['container'], since, signal })) {
      expect(event.type).toBe('container');
      expect(event.attributes['com.docker.compose.project']).toBe(ctx.project);
      expect(event.id).not.toBe(other);
      if (event.id === mine.id) actions.push(event.action);
      if (actions.includes('die')) controller.abort();
    }
    expect(actions.slice(0, 3)).toEqual(['create', 'start', 'die']);

    // With `until`, the stream is history only and ends by itself.
    const past: string[] = [];
    for await (const event of ctx.client.events({ labels: [ctx.projectFilter], containers: [mine.id], since, until: new Date() })) past.push(event.action);
    expect(past.slice(0, 3)).toEqual(['create', 'start', 'die']);
  });
}
