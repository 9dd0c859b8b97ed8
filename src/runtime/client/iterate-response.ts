import type { IncomingMessage } from 'node:http';
import { isErrorClass } from '../../base/index.ts';
import { mapError, type ErrorContext } from './map-error.ts';

/**
 * Runs a streaming request as an async iterable that ends quietly when the
 * signal fires (Ctrl+C in `stack logs -f` is not an error) and always
 * releases the connection, whether the consumer reads to the end, breaks
 * out of its loop, or fails.
 */
export async function* iterateResponse<T>(
  open: () => Promise<IncomingMessage>,
  parse: (response: IncomingMessage) => AsyncIterable<T>,
  context: ErrorContext,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  if (signal?.aborted) return;
  let response: IncomingMessage;
  try {
    response = await open();
  } catch (error) {
    if (signal?.aborted || isErrorClass(error, 'Canceled')) return;
    throw error;
  }
  const onAbort = () => response.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    yield* parse(response);
  } catch (error) {
    if (signal?.aborted) return;
    throw mapError(error, context);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    response.destroy();
  }
}
