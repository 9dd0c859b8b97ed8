import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeClient, runExec, type RuntimeClient } from '../../src/runtime/client/index.ts';
import { busyboxImage, ensureBusyboxImage } from '../helpers/docker-images.ts';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { hostLeftovers, missingStackd, startStackd, type StackdHandle } from '../helpers/stackd.ts';
import { uniqueId } from '../helpers/temp.ts';

const suite = 'stackd reliability: SIGKILL of the daemon, restart policies, nothing left after down and stop';
const missing = missingStackd();
announceSkip(suite, missing);

const ticker = ['sh', '-c', "trap 'exit 0' TERM; i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.05; done"];

describe.skipIf(missing)(suite, () => {
  let stackd: StackdHandle;
  let client: RuntimeClient & Disposable;
  const run = uniqueId(6);
  const labels = { 'dev.stack.test-run': run };

  const connect = async (): Promise<void> => {
    client?.[Symbol.dispose]();
    client = await createRuntimeClient({ runtime: 'bundled', env: {}, socketPath: stackd.socketPath });
  };
  const ticks = (lines: readonly string[]): number[] => lines.filter((l) => l.startsWith('tick ')).map((l) => Number(l.slice(5)));
  const logLines = async (id: string): Promise<string[]> => {
    const lines: string[] = [];
    for await (const line of client.containerLogs(id)) lines.push(line.line);
    return lines;
  };

  beforeAll(async () => {
    stackd = await startStackd();
    await connect();
    await ensureBusyboxImage(client);
  });

  afterAll(async () => {
    client?.[Symbol.dispose]();
    const leftovers = await stackd?.dispose();
    expect(leftovers).toEqual([]);
  });

  it('stackd SIGKILLed while containers run: they keep running and logging; a new stackd serves ps, logs, exec and stop on them', async () => {
    const { id } = await client.createContainer(`rel-ticker-${run}`, { Image: busyboxImage, Cmd: ticker, Labels: labels });
    await client.startContainer(id);
    await eventually(async () => expect(ticks(await logLines(id)).length).toBeGreaterThan(3), { what: 'ticks before the kill' });
    const logPath = (await client.inspectContainer(id)).raw.LogPath as string;
    const pid = (await client.inspectContainer(id)).pid ?? 0;

    await stackd.kill();
    // The daemon is gone: the container's process lives on and conmon keeps writing its log.
    expect(() => process.kill(pid, 0)).not.toThrow();
    const sizeAtKill = readFileSync(logPath).length;
    await eventually(() => expect(readFileSync(logPath).length).toBeGreaterThan(sizeAtKill + 200), { what: 'output written while stackd is down' });

    await stackd.restart();
    await connect();
    const listed = await client.listContainers({ labels: [`dev.stack.test-run=${run}`] });
    expect(listed.map((c) => [c.id, c.state])).toEqual([[id, 'running']]);
    const seen = ticks(await logLines(id));
    // Nothing lost: the ticks are consecutive across the time stackd was down.
    expect(seen).toEqual(seen.map((_, i) => i + 1));
    expect(await runExec(client, id, { cmd: ['sh', '-c', 'echo exec after restart'] })).toMatchObject({ exitCode: 0, stdout: 'exec after restart\n' });
    await client.stopContainer(id, { timeoutSeconds: 5 });
    expect((await client.inspectContainer(id)).state).toBe('exited');
    expect(() => process.kill(pid, 0)).toThrow();
    await client.removeContainer(id);
  });

  it('restart: always brings a container that exits back, also after stackd was killed and started again', async () => {
    const { id } = await client.createContainer(`rel-always-${run}`, { Image: busyboxImage, Cmd: ['sh', '-c', 'echo run; sleep 0.3; exit 1'], Labels: labels, HostConfig: { RestartPolicy: { Name: 'always' } } });
    await client.startContainer(id);
    await eventually(async () => expect((await client.inspectContainer(id)).restartCount).toBeGreaterThanOrEqual(2), { what: 'two restarts', timeoutMs: 20_000 });
    await stackd.kill();
    await stackd.restart();
    await connect();
    const before = (await client.inspectContainer(id)).restartCount;
    await eventually(async () => expect((await client.inspectContainer(id)).restartCount).toBeGreaterThan(before), { what: 'a restart by the new stackd', timeoutMs: 20_000 });
    await client.removeContainer(id, { force: true });
  });

  it('restart: on-failure:2 stops after two restarts, with exit code and count in inspect', async () => {
    const { id } = await client.createContainer(`rel-onfail-${run}`, { Image: busyboxImage, Cmd: ['sh', '-c', 'echo attempt; exit 3'], Labels: labels, HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } } });
    await client.startContainer(id);
    const final = await eventually(async () => {
      const state = await client.inspectContainer(id);
      expect(state.state).toBe('exited');
      expect(state.restartCount).toBe(2);
      return state;
    }, { what: 'the policy to give up', timeoutMs: 20_000 });
    expect(final.exitCode).toBe(3);
    expect((await logLines(id)).filter((l) => l === 'attempt')).toHaveLength(3);
    await client.removeContainer(id);
  });

  it('after every container is removed (down) and stackd is stopped, nothing of it is left on the host', async () => {
    const network = `rel-net-${run}`;
    await client.createNetwork({ Name: network, Labels: labels });
    const { id } = await client.createContainer(`rel-web-${run}`, { Image: busyboxImage, Cmd: ticker, Labels: labels, HostConfig: { NetworkMode: network, PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } }, ExposedPorts: { '80/tcp': {} } });
    await client.startContainer(id);
    const instance = stackd.instance();
    expect((await hostLeftovers(stackd.root, instance)).some((l) => l.startsWith('conmon'))).toBe(true);
    // What `stack down` does: remove the containers and the network.
    await client.removeContainer(id, { force: true });
    await client.removeNetwork(network);
    await stackd.stop();
    expect(await hostLeftovers(stackd.root, instance)).toEqual([]);
    await stackd.restart();
    await connect();
  });
});
