import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory, writeFileAtomic } from '../base/atomic-file.ts';
import { StackError } from '../base/errors.ts';
import { canonicalJson } from '../base/canonical-json.ts';
import { compareStrings } from '../base/sort.ts';
import type { AttachmentRecord, NetworkRecord } from './types.ts';

/**
 * The network records on disk, under `<root>/networks`:
 *
 *   networks/<network id>.json      one per network
 *   containers/<container id>.json  one per container with a network record
 *
 * Every write is atomic (temp file in the same directory, fsync, rename,
 * fsync of the directory), so a crash leaves the old record or the new one,
 * never half of either.
 */
export class NetworkStore {
  readonly #networksDir: string;
  readonly #containersDir: string;

  constructor(root: string) {
    this.#networksDir = join(root, 'networks', 'networks');
    this.#containersDir = join(root, 'networks', 'containers');
  }

  async load(): Promise<{ readonly networks: NetworkRecord[]; readonly attachments: AttachmentRecord[] }> {
    await mkdir(this.#networksDir, { recursive: true });
    await mkdir(this.#containersDir, { recursive: true });
    const networks = await readAll(this.#networksDir, isNetworkRecord);
    const attachments = await readAll(this.#containersDir, isAttachmentRecord);
    return { networks, attachments };
  }

  saveNetwork(record: NetworkRecord): Promise<void> {
    return writeAtomic(this.#networksDir, `${record.id}.json`, record);
  }

  deleteNetwork(id: string): Promise<void> {
    return removeRecord(this.#networksDir, `${id}.json`);
  }

  saveAttachment(record: AttachmentRecord): Promise<void> {
    return writeAtomic(this.#containersDir, `${record.containerId}.json`, record);
  }

  deleteAttachment(containerId: string): Promise<void> {
    return removeRecord(this.#containersDir, `${containerId}.json`);
  }
}

async function readAll<T>(dir: string, valid: (value: unknown) => value is T): Promise<T[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort(compareStrings);
  const records: T[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw unreadable(path, error);
    }
    if (!valid(value)) throw unreadable(path, undefined);
    records.push(value);
  }
  return records;
}

function unreadable(path: string, cause: unknown): StackError {
  return new StackError({
    code: 'STK6021',
    errorClass: 'FailedPrecondition',
    message: `the network record ${path} cannot be read`,
    hint: 'Move the file out of the state root (stackd then forgets that network or container) and restart stackd.',
    resource: `file:${path}`,
    cause,
  });
}

async function writeAtomic(dir: string, name: string, value: unknown): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, name), `${canonicalJson(value, 2)}\n`, 0o600);
}

async function removeRecord(dir: string, name: string): Promise<void> {
  await rm(join(dir, name), { force: true });
  await syncDirectory(dir);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNetworkRecord(value: unknown): value is NetworkRecord {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    typeof value.bridge === 'string' &&
    isObject(value.ipam) &&
    typeof value.ipam.subnet === 'string' &&
    typeof value.ipam.gateway === 'string' &&
    typeof value.internal === 'boolean'
  );
}

function isAttachmentRecord(value: unknown): value is AttachmentRecord {
  return (
    isObject(value) &&
    typeof value.containerId === 'string' &&
    typeof value.name === 'string' &&
    typeof value.networkMode === 'string' &&
    Array.isArray(value.endpoints) &&
    value.endpoints.every((e) => isObject(e) && typeof e.networkId === 'string' && typeof e.ipv4 === 'string' && typeof e.hostVeth === 'string') &&
    Array.isArray(value.ports)
  );
}
