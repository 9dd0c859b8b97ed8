import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Emitter, compareStrings, sortedEntries, throwIfAborted, type Event } from '../../../base/index.ts';
import { isNodeError, readJsonFile, writeJsonAtomic } from '../../../base/index.ts';
import { copyDirectoryContents, isEmptyDirectory } from './copy-up.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { copyUpFailed, invalidVolumeName, unsupportedDriver, volumeExistsWithOtherOptions, volumeInUse, volumeNotFound, volumeRecordCorrupt } from './volume-errors.ts';
import { volumeMatchesFilters } from './volume-filters.ts';
import { anonymousVolumeName, isValidVolumeName } from './volume-name.ts';
import { volumeSource, type VolumeSource } from './volume-source.ts';
import type { VolumeCreateRequest, VolumeEvent, VolumeEventAction, VolumeFilters, VolumeInfo, VolumeRecord, VolumeUsage } from './volume-types.ts';

const run = promisify(execFile);

/** Docker 23+ marks anonymous volumes with this label; prune without `all` removes only those. */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

export interface VolumeStoreOptions {
  /** `<root>/volumes`. */
  readonly dir: string;
}

/**
 * Named and anonymous volumes of the local driver: one directory per volume,
 * `<dir>/<name>/_data` (what containers mount) and `<dir>/<name>/volume.json`.
 * The store never deletes a volume on its own: only remove() and prune() do,
 * and both refuse volumes that a container uses.
 */
export class VolumeStore {
  readonly #dir: string;
  readonly #locks = new KeyedMutex();
  readonly #events = new Emitter<VolumeEvent>();
  #usage: VolumeUsage = () => [];

  readonly events: Event<VolumeEvent> = this.#events.event;

  constructor(options: VolumeStoreOptions) {
    this.#dir = options.dir;
  }

  /** The container manager tells the store who uses which volume (it owns the container records). */
  setUsage(usage: VolumeUsage): void {
    this.#usage = usage;
  }

  async create(request: VolumeCreateRequest = {}, options: { anonymous?: boolean; signal?: AbortSignal } = {}): Promise<VolumeInfo> {
    throwIfAborted(options.signal);
    const anonymous = options.anonymous === true;
    const name = request.Name && request.Name.length > 0 ? request.Name : anonymousVolumeName();
    if (!isValidVolumeName(name)) throw invalidVolumeName(name);
    const driver = request.Driver && request.Driver.length > 0 ? request.Driver : 'local';
    if (driver !== 'local') throw unsupportedDriver(name, driver);
    const driverOptions = { ...(request.DriverOpts ?? {}) };
    volumeSource(name, join(this.#dir, name, '_data'), driverOptions); // validates the options before anything is made
    return this.#locks.run(name, async () => {
      const existing = await this.#read(name);
      if (existing) {
        if (Object.keys(driverOptions).length > 0 && JSON.stringify(sortedEntries(driverOptions)) !== JSON.stringify(sortedEntries(existing.options))) {
          throw volumeExistsWithOtherOptions(name, 'set of driver options');
        }
        return this.#info(existing);
      }
      const labels: Record<string, string> = { ...(request.Labels ?? {}) };
      if (anonymous) labels[ANONYMOUS_LABEL] = '';
      const record: VolumeRecord = { name, driver: 'local', labels, options: driverOptions, createdAt: new Date().toISOString(), anonymous };
      await mkdir(join(this.#dir, name, '_data'), { recursive: true, mode: 0o755 });
      await writeJsonAtomic(this.#recordPath(name), record);
      this.#fire('create', name, { driver: 'local' });
      return this.#info(record);
    });
  }

  async inspect(name: string): Promise<VolumeInfo> {
    const record = await this.#read(name);
    if (!record) throw volumeNotFound(name);
    return this.#info(record);
  }

  async exists(name: string): Promise<boolean> {
    return (await this.#read(name)) !== undefined;
  }

  /** Every volume, sorted by name, filtered as Docker's `GET /volumes?filters=`. */
  async list(filters: VolumeFilters = {}): Promise<VolumeInfo[]> {
    const records = await this.#readAll();
    return records.filter((r) => volumeMatchesFilters(r, filters, this.#usage(r.name).length > 0)).map((r) => this.#info(r));
  }

  /** Removes a volume and its data. Refused (Conflict) while a container uses it. `force` ignores a missing volume. */
  async remove(name: string, options: { force?: boolean } = {}): Promise<void> {
    await this.#locks.run(name, async () => {
      const record = await this.#read(name);
      if (!record) {
        if (options.force) return;
        throw volumeNotFound(name);
      }
      const users = this.#usage(name);
      if (users.length > 0) throw volumeInUse(name, users);
      await rm(join(this.#dir, name), { recursive: true, force: true });
      this.#fire('destroy', name, { driver: 'local' });
    });
  }

  /**
   * Removes unused volumes: only anonymous ones unless `all` (Docker ≥ 23's
   * semantics; API 1.41 clients that expect every unused volume pass all).
   */
  async prune(options: { filters?: VolumeFilters; all?: boolean } = {}): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let reclaimed = 0;
    for (const record of await this.#readAll()) {
      if (!options.all && !record.anonymous) continue;
      if (!volumeMatchesFilters(record, options.filters ?? {}, false)) continue;
      if (this.#usage(record.name).length > 0) continue;
      const size = await directorySize(join(this.#dir, record.name));
      try {
        await this.remove(record.name);
      } catch {
        continue; // taken into use meanwhile: keep it
      }
      deleted.push(record.name);
      reclaimed += size;
    }
    return { VolumesDeleted: deleted, SpaceReclaimed: reclaimed };
  }

  /** What a container mounts for this volume: its `_data` directory, a host directory (o=bind) or a tmpfs. */
  async source(name: string): Promise<VolumeSource> {
    const record = await this.#read(name);
    if (!record) throw volumeNotFound(name);
    return volumeSource(name, join(this.#dir, name, '_data'), record.options);
  }

  /**
   * Docker's copy-up: on a volume's first use, copy the image's content at
   * the mount path into it. Only when the volume directory is empty, and only
   * for `_data` volumes (not host directories or tmpfs). `imagePath` must
   * already be resolved inside the container's root filesystem.
   * Returns true when something was copied.
   */
  async populate(name: string, imagePath: string, signal?: AbortSignal): Promise<boolean> {
    return this.#locks.run(name, async () => {
      const source = await this.source(name);
      if (source.kind !== 'data') return false;
      try {
        if (!(await isEmptyDirectory(source.path))) return false;
        return await copyDirectoryContents(imagePath, source.path, signal);
      } catch (error) {
        throw copyUpFailed(name, imagePath, error);
      }
    });
  }

  /** Fired by the container manager when a container mounts or releases a volume, as Docker's events do. */
  noteMount(name: string, action: 'mount' | 'unmount', attributes: Readonly<Record<string, string>>): void {
    this.#fire(action, name, { driver: 'local', ...attributes });
  }

  async #readAll(): Promise<VolumeRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return [];
      throw error;
    }
    const records: VolumeRecord[] = [];
    for (const name of names.sort(compareStrings)) {
      if (!isValidVolumeName(name)) continue;
      const record = await this.#read(name);
      if (record) records.push(record);
    }
    return records;
  }

  async #read(name: string): Promise<VolumeRecord | undefined> {
    if (!isValidVolumeName(name)) return undefined;
    const path = this.#recordPath(name);
    let raw: unknown;
    try {
      raw = await readJsonFile(path);
    } catch (error) {
      throw volumeRecordCorrupt(name, path, error);
    }
    if (raw === undefined) return undefined;
    if (typeof raw !== 'object' || raw === null || (raw as { name?: unknown }).name !== name) throw volumeRecordCorrupt(name, path, undefined);
    return raw as VolumeRecord;
  }

  #recordPath(name: string): string {
    return join(this.#dir, name, 'volume.json');
  }

  #info(record: VolumeRecord): VolumeInfo {
    return {
      Name: record.name,
      Driver: record.driver,
      Mountpoint: join(this.#dir, record.name, '_data'),
      CreatedAt: record.createdAt,
      Labels: record.labels,
      Scope: 'local',
      Options: record.options,
    };
  }

  #fire(action: VolumeEventAction, name: string, attributes: Readonly<Record<string, string>>): void {
    const ms = Date.now();
    this.#events.fire({ type: 'volume', action, name, attributes, time: Math.floor(ms / 1000), timeNano: ms * 1e6 });
  }
}

async function directorySize(path: string): Promise<number> {
  try {
    await stat(path);
    const { stdout } = await run('du', ['-sb', '--', path]);
    return Number.parseInt(stdout, 10) || 0;
  } catch {
    return 0;
  }
}
