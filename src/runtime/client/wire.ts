import type { Readable } from 'node:stream';
import { StackError } from '../../base/index.ts';

/** Small pieces of the wire that every docker-*.ts file shares. */

/** One path segment (a container, network, volume or exec id or name). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** Docker's `filters` query value; empty lists are left out, so an option left unset sends no filter at all. */
export function filters(entries: Readonly<Record<string, readonly string[] | undefined>>): Record<string, readonly string[]> | undefined {
  const out: Record<string, readonly string[]> = {};
  for (const [key, values] of Object.entries(entries)) if (values && values.length > 0) out[key] = values;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The whole body of a streamed response, parsed as JSON. */
export async function readJson(response: Readable): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(Buffer.from(chunk as Uint8Array));
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw unexpected('read the answer', text, error);
  }
}

export function unexpected(action: string, what: unknown, cause?: unknown): StackError {
  const shown = typeof what === 'string' ? what : JSON.stringify(what);
  return new StackError({
    code: 'STK5017',
    errorClass: 'Unavailable',
    message: `unexpected answer from the engine to ${action}: ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`,
    hint: 'check that DOCKER_HOST points at a Docker Engine (API 1.41 or later) or at stackd',
    cause,
  });
}
