import { type Answer, type DecodedPacket, type Packet, AUTHORITATIVE_ANSWER, decode, encode, RECURSION_AVAILABLE, RECURSION_DESIRED, TRUNCATED_RESPONSE } from 'dns-packet';
import { parseReverseName } from './ipv4.ts';
import { type DnsTable, lookupAddress, lookupName, queryScope } from './dns-table.ts';

/**
 * What the embedded DNS server does with one query, decided without I/O:
 * answer it (our names, scoped to the querier's networks), forward it (a name
 * that is not ours, when there are upstream servers), or drop it (not a
 * query at all). Packet in, decision out: tested without sockets.
 */

export type DnsDecision =
  | { readonly kind: 'answer'; readonly response: Buffer }
  | { readonly kind: 'forward'; readonly upstreams: readonly string[] }
  | { readonly kind: 'drop' };

export interface DnsQueryContext {
  readonly table: DnsTable;
  /** The network whose gateway the query arrived on. */
  readonly networkId: string;
  /** The querier's address (the UDP/TCP source). */
  readonly source: string;
  /** Where names that are not ours go, unless the querier has its own (`dns`). Empty: answer NXDOMAIN. */
  readonly defaultUpstreams: readonly string[];
  /** 512 for plain UDP (raised by EDNS), 65535 for TCP. */
  readonly maxSize: number;
  /** Where to start in a list of several addresses; the server keeps a counter per name. */
  readonly rotation: (name: string, count: number) => number;
}

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export function answerDnsQuery(query: Buffer, context: DnsQueryContext): DnsDecision {
  let packet: DecodedPacket;
  try {
    packet = decode(query);
  } catch {
    // Too broken to decode: answer FORMERR when at least the header (and so the id) is there.
    return query.length >= 12 ? { kind: 'answer', response: errorResponse(query.readUInt16BE(0), 0, RCODE.FORMERR) } : { kind: 'drop' };
  }
  if (packet.type === 'response') return { kind: 'drop' };
  const id = packet.id ?? 0;
  const recursion = packet.flags === undefined ? 0 : packet.flags & RECURSION_DESIRED;
  const opcode = ((packet.flags ?? 0) >> 11) & 0xf;
  if (opcode !== 0) return { kind: 'answer', response: errorResponse(id, recursion, RCODE.NOTIMP, packet) };
  const question = packet.questions?.[0];
  if (!question || packet.questions?.length !== 1) return { kind: 'answer', response: errorResponse(id, recursion, RCODE.FORMERR, packet) };

  const scope = queryScope(context.table, context.networkId, context.source);
  const reply = (answers: Answer[], rcode: number, authoritative: boolean): DnsDecision => ({
    kind: 'answer',
    response: encodeFitting({ id, type: 'response', flags: (authoritative ? AUTHORITATIVE_ANSWER : 0) | recursion | RECURSION_AVAILABLE | rcode, questions: [question] }, answers, udpLimit(packet, context.maxSize)),
  });

  if (question.type === 'PTR') {
    const address = parseReverseName(question.name);
    const target = address === undefined ? undefined : lookupAddress(scope.networks, address);
    if (target) return reply([{ type: 'PTR', name: question.name, ttl: 0, class: 'IN', data: target }], RCODE.NOERROR, true);
  } else {
    const addresses = lookupName(scope.networks, question.name);
    if (addresses) {
      // Our name: A gets every address, rotated; any other type (AAAA: we give no IPv6) is an empty NOERROR.
      if (question.type !== 'A') return reply([], RCODE.NOERROR, true);
      const start = addresses.length > 1 ? context.rotation(question.name.toLowerCase(), addresses.length) % addresses.length : 0;
      const rotated = [...addresses.slice(start), ...addresses.slice(0, start)];
      return reply(rotated.map((data) => ({ type: 'A', name: question.name, ttl: 0, class: 'IN', data })), RCODE.NOERROR, true);
    }
  }

  // Not ours. Internal networks have no way out, so nothing is forwarded from them.
  const arrival = context.table.networks.get(context.networkId);
  const own = scope.containerId ? context.table.containers.get(scope.containerId)?.upstreams : undefined;
  const upstreams = arrival?.internal ? [] : own && own.length > 0 ? own : context.defaultUpstreams;
  if (upstreams.length > 0) return { kind: 'forward', upstreams };
  return reply([], RCODE.NXDOMAIN, false);
}

/** The largest response the querier takes over UDP: EDNS's advertised size, else 512. */
function udpLimit(packet: DecodedPacket, maxSize: number): number {
  if (maxSize > 512) return maxSize;
  const opt = packet.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  return Math.max(512, Math.min(opt?.udpPayloadSize ?? 512, 4096));
}

/** Drops answers from the end until the response fits, setting TC so the client retries over TCP. */
function encodeFitting(header: Packet, answers: Answer[], limit: number): Buffer {
  let kept = answers;
  let truncated = false;
  for (;;) {
    const response = encode({ ...header, flags: (header.flags ?? 0) | (truncated ? TRUNCATED_RESPONSE : 0), answers: kept });
    if (response.length <= limit || kept.length === 0) return response;
    truncated = true;
    kept = kept.slice(0, Math.max(0, Math.min(kept.length - 1, Math.floor((kept.length * limit) / response.length))));
  }
}

/** A response with no answers and the given rcode, echoing the question when there is one. */
export function errorResponse(id: number, recursion: number, rcode: number, query?: DecodedPacket): Buffer {
  const questions = query?.questions?.length === 1 ? query.questions : [];
  return encode({ id, type: 'response', flags: recursion | RECURSION_AVAILABLE | rcode, questions });
}
