import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeJsonAtomic } from '../../../base/index.ts';
import { recordCorrupt } from './container-errors.ts';
import type { ContainerRecord, ContainerState } from './container-record.ts';

/** The files of one container, all under `<root>/containers/<id>/`. */
export interface ContainerPaths {
  readonly dir: string;
  readonly record: string;
  readonly state: string;
  /** The OCI bundle is the container directory itself: config.json lives here. */
  readonly bundle: string;
  readonly config: string;
  readonly rootfs: string;
  readonly upper: string;
  readonly work: string;
  readonly emptyLower: string;
  readonly log: string;
  readonly pidFile: string;
  readonly conmonPidFile: string;
  readonly persist: string;
  readonly runtimeLog: string;
  readonly hosts: string;
  readonly resolvConf: string;
  readonly hostname: string;
  readonly execDir: string;
  /** conmon's control fifo: `1 <rows> <cols>\n` resizes the terminal. */
  readonly ctl: string;
  readonly attach: string;
}

/** Reads and writes container records and states; every write is atomic (temp file + rename). */
export class ContainerStore {
  readonly dir: string;
  /** Directories of removed containers being deleted in the background. */
  readonly #sweeping = new Set<Promise<void>>();

  constructor(dir: string) {
    this.dir = dir;
  }

  paths(id: string): ContainerPaths {
    const dir = join(this.dir, id);
    return {
      dir,
      record: join(dir, 'container.json'),
      state: join(dir, 'state.json'),
      bundle: dir,
      config: join(dir, 'config.json'),
      rootfs: join(dir, 'rootfs'),
      upper: join(dir, 'upper'),
      work: join(dir, 'work'),
      emptyLower: join(dir, 'empty'),
      log: join(dir, 'container.log'),
      pidFile: join(dir, 'pidfile'),
      conmonPidFile: join(dir, 'conmon.pid'),
      persist: join(dir, 'persist'),
      runtimeLog: join(dir, 'runtime.log'),
      hosts: join(dir, 'hosts'),
      resolvConf: join(dir, 'resolv.conf'),
      hostname: join(dir, 'hostname'),
      execDir: join(dir, 'exec'),
      ctl: join(dir, 'ctl'),
      attach: join(dir, 'attach'),
    };
  }

  async create(record: ContainerRecord, state: ContainerState): Promise<void> {
    const p = this.paths(record.id);
    await mkdir(p.persist, { recursive: true });
    await writeJsonAtomic(p.state, state);
    await writeJsonAtomic(p.record, record);
  }

  async writeState(id: string, state: ContainerState): Promise<void> {
    await writeJsonAtomic(this.paths(id).state, state);
  }

  async writeRecord(record: ContainerRecord): Promise<void> {
    await writeJsonAtomic(this.paths(record.id).record, record);
  }

  /** Every container on disk; a directory without a record (a create that died half-way) is reported as `partial`. */
  async loadAll(): Promise<{ containers: { record: ContainerRecord; state: ContainerState }[]; partial: string[] }> {
    let ids: string[];
    try {
      ids = await readdir(this.dir);
    } catch {
      return { containers: [], partial: [] };
    }
    const containers: { record: ContainerRecord; state: ContainerState }[] = [];
    const partial: string[] = [];
    for (const id of ids.sort()) {
      if (id.startsWith(REMOVED)) this.#sweep(join(this.dir, id));
      if (!/^[0-9a-f]{64}$/.test(id)) continue;
      const p = this.paths(id);
      let record: unknown;
      let state: unknown;
      try {
        record = await readJsonFile(p.record);
        state = await readJsonFile(p.state);
      } catch (error) {
        throw recordCorrupt(id, p.record, error);
      }
      if (record === undefined || state === undefined) {
        partial.push(id);
        continue;
      }
      containers.push({ record: record as ContainerRecord, state: state as ContainerState });
    }
    return { containers, partial };
  }

  /**
   * Removes a container's directory: renamed out of the way at once (the
   * container is gone from disk in one step, and its id is free), deleted
   * in the background. A daemon that dies before that is done finishes it
   * at its next start (`loadAll`).
   */
  async removeDir(id: string): Promise<void> {
    const trash = join(this.dir, `${REMOVED}${id}-${randomBytes(4).toString('hex')}`);
    try {
      await rename(this.paths(id).dir, trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    this.#sweep(trash);
  }

  /** Resolves when the directories of removed containers are deleted. */
  async settled(): Promise<void> {
    while (this.#sweeping.size > 0) await Promise.all(this.#sweeping);
  }

  #sweep(path: string): void {
    const done: Promise<void> = rm(path, { recursive: true, force: true })
      .catch(() => undefined)
      .finally(() => this.#sweeping.delete(done));
    this.#sweeping.add(done);
  }
}

/** The prefix of a removed container's directory until it is deleted (never a container id: ids are hex). */
const REMOVED = '.removed-';
