import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStackError } from '../base/errors.ts';
import { tempDir } from '../../test/helpers/temp.ts';
import { NetworkStore } from './network-store.ts';
import type { AttachmentRecord, NetworkRecord } from './types.ts';

const network: NetworkRecord = { id: 'a'.repeat(64), name: 'n', driver: 'bridge', ipam: { subnet: '10.223.0.0/24', gateway: '10.223.0.1' }, ipamRequested: false, bridge: 'stk0000-1', labels: {}, options: {}, internal: false, attachable: false, created: '2026-01-01T00:00:00Z' };
const attachment: AttachmentRecord = { containerId: 'c'.repeat(64), name: 'c', hostname: 'c', networkMode: 'none', netns: 'stk0000-cccccccccccc', endpoints: [], ports: [], extraHosts: [], dns: [], dnsSearch: [], dnsOptions: [] };

describe('NetworkStore', () => {
  it('writes records atomically (no temp files left) and reads them back', async () => {
    using dir = tempDir('stk-netstore-');
    const store = new NetworkStore(dir.path);
    expect(await store.load()).toEqual({ networks: [], attachments: [] });
    await store.saveNetwork(network);
    await store.saveAttachment(attachment);
    await store.saveNetwork({ ...network, labels: { a: 'b' } });
    expect(await new NetworkStore(dir.path).load()).toEqual({ networks: [{ ...network, labels: { a: 'b' } }], attachments: [attachment] });
    expect(readdirSync(join(dir.path, 'networks', 'networks'))).toEqual([`${network.id}.json`]);
    await store.deleteNetwork(network.id);
    await store.deleteAttachment(attachment.containerId);
    expect(await store.load()).toEqual({ networks: [], attachments: [] });
  });

  it('reports an unreadable record with STK6021 naming the file', async () => {
    using dir = tempDir('stk-netstore-');
    const store = new NetworkStore(dir.path);
    await store.load();
    writeFileSync(join(dir.path, 'networks', 'containers', 'broken.json'), '{"containerId": 1');
    const error = await store.load().catch((e: unknown) => e);
    expect(isStackError(error) && error.code).toBe('STK6021');
    expect(isStackError(error) && error.resource).toContain('broken.json');
  });
});
