import type { VolumeStore } from '../volumes/index.ts';
import { containerNotFound } from './container-errors.ts';
import type { ContainerEventAction } from './container-events.ts';
import type { ContainerRecord, ContainerState } from './container-record.ts';
import type { ContainerStore } from './container-store.ts';
import type { DaemonLog } from './daemon-log.ts';
import type { Deferred } from './deferred.ts';
import type { HostConfig, NetworkInput } from './docker-types.ts';
import type { OciRuntime } from './oci-runtime-cli.ts';
import type { HostFacts } from './oci-spec.ts';
import type { RestartMemory } from './restart-policy.ts';

/**
 * What the network layer does for a container at each start: the daemon
 * passes these hooks in (src/net's attachContainer), so this module never
 * imports the network code.
 */
export interface NetworkHooks {
  prepare(container: { readonly id: string; readonly name: string; readonly hostname: string; readonly hostConfig: HostConfig; readonly networkingConfig?: unknown }, signal?: AbortSignal): Promise<NetworkInput>;
}

/** One container in memory: its record, its state, and the promises waiters share. */
export interface ContainerEntry {
  record: ContainerRecord;
  state: ContainerState;
  /** Resolves with the exit status at the end of the current run (or the next one, when not running). */
  exited: Deferred<number>;
  removed: Deferred<number>;
  restartMemory: RestartMemory;
}

/** The manager's parts, shared by the files that implement its operations. */
export interface ManagerContext {
  readonly root: string;
  readonly instanceId: string;
  readonly store: ContainerStore;
  readonly runtime: OciRuntime;
  readonly volumes: VolumeStore;
  readonly facts: HostFacts;
  readonly log: DaemonLog;
  /** conmon's shared exit directory. */
  readonly exitDir: string;
  /** conmon's attach-socket symlinks. */
  readonly socketDir: string;
  readonly conmonPath?: string;
  readonly network?: NetworkHooks;
  readonly entries: Map<string, ContainerEntry>;
  fire(entry: ContainerEntry, action: ContainerEventAction, attributes?: Readonly<Record<string, string>>, actionText?: string): void;
  saveState(entry: ContainerEntry, patch: Partial<ContainerState>): Promise<void>;
  lookup(idOrName: string): ContainerEntry;
}

/** A container by full id, name (with or without Docker's leading `/`), or unique id prefix. */
export function findEntry(entries: ReadonlyMap<string, ContainerEntry>, names: ReadonlyMap<string, string>, idOrName: string): ContainerEntry {
  const key = idOrName.startsWith('/') ? idOrName.slice(1) : idOrName;
  const byId = entries.get(key);
  if (byId) return byId;
  const byName = names.get(key);
  const named = byName ? entries.get(byName) : undefined;
  if (named) return named;
  if (/^[0-9a-f]{1,63}$/.test(key)) {
    const matches = [...entries.keys()].filter((id) => id.startsWith(key));
    if (matches.length === 1) return entries.get(matches[0] as string) as ContainerEntry;
  }
  throw containerNotFound(idOrName);
}
