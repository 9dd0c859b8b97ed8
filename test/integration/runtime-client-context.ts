import { isErrorClass } from '../../src/base/index.ts';
import { projectFilter, type ContainerCreateBody, type RuntimeClient } from '../../src/runtime/client/index.ts';
import { busyboxImage } from '../helpers/docker-images.ts';
import { uniqueId } from '../helpers/temp.ts';

/**
 * What the conformance suite's checks share: the engine under test, a unique
 * project every object is labelled with, and a record of what was made, so
 * afterAll removes it all, even when a check failed half-way.
 */

/** What an implementation under test provides. */
export interface RuntimeClientTarget {
  readonly client: RuntimeClient;
  /** A client of the same kind whose endpoint is this socket (used to check a dead socket). */
  clientAt(socketPath: string): Promise<RuntimeClient>;
  dispose?(): Promise<void>;
}

/** Marks every object a suite run makes, including ones deliberately made without the project label. */
export const runLabel = 'dev.stack.test-run';

export class SuiteContext {
  readonly run = uniqueId(8);
  readonly project = `stk-rc-${this.run}`;
  readonly image = busyboxImage;
  /** The run's own network: containers join it unless a check says otherwise, so no check depends on the engine's default bridge. */
  readonly network = `${this.project}-net`;
  readonly #images = new Set<string>();
  #target: RuntimeClientTarget | undefined;

  async attach(target: RuntimeClientTarget): Promise<void> {
    this.#target = target;
    await target.client.createNetwork({ Name: this.network, CheckDuplicate: true, Labels: this.labels(), IPAM: { Config: [{ Subnet: randomSubnet().subnet }] } });
  }

  get target(): RuntimeClientTarget {
    if (!this.#target) throw new Error('the suite target is not set up (beforeAll failed)');
    return this.#target;
  }

  /** Removes what the run made, then releases the target; a no-op when setup never produced one. */
  async close(): Promise<void> {
    if (!this.#target) return;
    try {
      await this.cleanup();
    } finally {
      await this.#target.dispose?.();
    }
  }

  get client(): RuntimeClient {
    return this.target.client;
  }

  /** A name unique to this run: `stk-rc-<run>-<suffix>`. */
  name(suffix: string): string {
    return `${this.project}-${suffix}`;
  }

  labels(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { [runLabel]: this.run, 'com.docker.compose.project': this.project, ...extra };
  }

  get projectFilter(): string {
    return projectFilter(this.project);
  }

  /** Creates a labelled busybox container named after `suffix`, on the run's network unless the body names one. */
  async create(suffix: string, body: Partial<ContainerCreateBody> = {}): Promise<{ readonly id: string; readonly name: string }> {
    const name = this.name(suffix);
    const hostConfig = { NetworkMode: this.network, ...body.HostConfig };
    const { id } = await this.client.createContainer(name, { Image: this.image, ...body, HostConfig: hostConfig, Labels: this.labels(body.Labels) });
    return { id, name };
  }

  /** An image reference this run made (tagged, loaded, built): removed at the end. */
  trackImage(reference: string): string {
    this.#images.add(reference);
    return reference;
  }

  /** Removes everything this run made; collects failures and reports them after trying everything. */
  async cleanup(): Promise<void> {
    if (!this.#target) return;
    const client = this.#target.client;
    const failures: unknown[] = [];
    const attempt = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        if (!isErrorClass(error, 'NotFound')) failures.push(error);
      }
    };
    const mine = [`${runLabel}=${this.run}`];
    for (const c of await client.listContainers({ all: true, labels: mine })) await attempt(() => client.removeContainer(c.id, { force: true, volumes: true }));
    for (const n of await client.listNetworks({ labels: mine })) await attempt(() => client.removeNetwork(n.id));
    for (const v of await client.listVolumes({ labels: mine })) await attempt(() => client.removeVolume(v.name, { force: true }));
    for (const reference of this.#images) await attempt(() => client.removeImage(reference, { force: true }));
    if (failures.length > 0) throw new AggregateError(failures, `cleanup of test run ${this.run} left ${failures.length} object(s) behind`);
  }
}

/** A random /24 in 10.200.0.0–10.255.255.0, away from Docker's 172.17–31 and 192.168 pools. */
export function randomSubnet(): { readonly subnet: string; readonly prefix: string } {
  const second = 200 + Math.floor(Math.random() * 56);
  const third = Math.floor(Math.random() * 256);
  return { subnet: `10.${second}.${third}.0/24`, prefix: `10.${second}.${third}` };
}

/** Drains a Readable (or any byte iterable) to a string. */
export async function text(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
