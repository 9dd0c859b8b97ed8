import { mkdir, readdir, rm } from 'node:fs/promises';
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

  async removeDir(id: string): Promise<void> {
    await rm(this.paths(id).dir, { recursive: true, force: true });
  }
}
