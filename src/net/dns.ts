import { decode } from 'dns-packet';
import { answerDnsQuery, errorResponse, RCODE } from './dns-answer.ts';
import { forwardDnsQuery } from './dns-forward.ts';
import { type DnsListener, type DnsTransport, startDnsListener } from './dns-server.ts';
import type { DnsTable } from './dns-table.ts';

/**
 * The embedded DNS server of stackd, aardvark-dns style: one listener per
 * network on its gateway address, port 53, in the host's namespace (Node
 * cannot enter a container's namespace, so Docker's 127.0.0.11 trick is out).
 * The source address of a query says which container asks, and so which
 * networks' names it may see. Names that are not ours go upstream.
 *
 *   container ──udp/tcp──▶ gateway:53 ─▶ answerDnsQuery(table) ─┬─ answer
 *                                                                └─ forward ─▶ upstream servers
 */

export interface EmbeddedDnsOptions {
  /** Default upstreams for names that are not ours (the host's resolv.conf servers); empty: NXDOMAIN. */
  readonly upstreams: readonly string[];
  /** Port of every listener; 53 except in tests that run without root. */
  readonly port?: number;
  readonly forwardTimeoutMs?: number;
}

const emptyTable: DnsTable = { networks: new Map(), containers: new Map(), containerByAddress: new Map() };

export class EmbeddedDns {
  readonly #upstreams: readonly string[];
  readonly #port: number;
  readonly #forwardTimeoutMs: number;
  #table: DnsTable = emptyTable;
  readonly #listeners = new Map<string, DnsListener>();
  readonly #rotations = new Map<string, number>();

  constructor(options: EmbeddedDnsOptions) {
    this.#upstreams = options.upstreams;
    this.#port = options.port ?? 53;
    this.#forwardTimeoutMs = options.forwardTimeoutMs ?? 2_000;
  }

  /** Replaces the names; queries in flight finish with the table they started with. */
  setTable(table: DnsTable): void {
    this.#table = table;
    for (const key of [...this.#rotations.keys()]) if (!table.networks.has(key.slice(0, key.indexOf('/')))) this.#rotations.delete(key);
  }

  /** Starts the listener of a network on its gateway (no-op when it runs already). */
  async listen(networkId: string, gateway: string): Promise<DnsListener> {
    const running = this.#listeners.get(networkId);
    if (running) return running;
    const listener = await startDnsListener(gateway, this.#port, (query, source, transport) => this.resolve(networkId, query, source, transport));
    this.#listeners.set(networkId, listener);
    return listener;
  }

  async unlisten(networkId: string): Promise<void> {
    const listener = this.#listeners.get(networkId);
    this.#listeners.delete(networkId);
    await listener?.close();
  }

  listening(networkId: string): DnsListener | undefined {
    return this.#listeners.get(networkId);
  }

  async close(): Promise<void> {
    const all = [...this.#listeners.values()];
    this.#listeners.clear();
    await Promise.all(all.map((listener) => listener.close()));
  }

  /** One query from `source` arriving on `networkId`'s listener: the response bytes, or nothing to send. */
  async resolve(networkId: string, query: Buffer, source: string, transport: DnsTransport): Promise<Buffer | undefined> {
    const decision = answerDnsQuery(query, {
      table: this.#table,
      networkId,
      source,
      defaultUpstreams: this.#upstreams,
      maxSize: transport === 'tcp' ? 65_535 : 512,
      rotation: (name) => this.#nextRotation(`${networkId}/${name}`),
    });
    if (decision.kind === 'answer') return decision.response;
    if (decision.kind === 'drop') return undefined;
    const forwarded = await forwardDnsQuery(query, decision.upstreams, transport, this.#forwardTimeoutMs);
    if (forwarded) return forwarded;
    const packet = decode(query);
    return errorResponse(packet.id ?? 0, (packet.flags ?? 0) & 0x100, RCODE.SERVFAIL, packet);
  }

  #nextRotation(key: string): number {
    const next = this.#rotations.get(key) ?? 0;
    this.#rotations.set(key, next + 1);
    return next;
  }
}
