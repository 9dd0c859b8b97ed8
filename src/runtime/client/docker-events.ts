import type { DockerApi } from './docker-api.ts';
import { unixSeconds } from './docker-logs.ts';
import { filters } from './wire.ts';
import { iterateResponse } from './iterate-response.ts';
import { jsonLines } from './json-lines.ts';
import { toRuntimeEvent } from './convert-resources.ts';
import type { EventsOptions } from './runtime-client.ts';
import type { RuntimeEvent } from './runtime-types.ts';

/** `GET /events`: follows until the signal fires, or ends at `until`. */
export async function* events(api: DockerApi, options: EventsOptions = {}): AsyncGenerator<RuntimeEvent> {
  const context = { action: 'follow the events of the engine' };
  const open = () =>
    api.stream({
      method: 'GET',
      path: '/events',
      query: {
        since: unixSeconds(options.since),
        until: unixSeconds(options.until),
        filters: filters({ label: options.labels, type: options.types, event: options.actions, container: options.containers }),
      },
      signal: options.signal,
      context,
    });
  const parse = async function* (response: AsyncIterable<Uint8Array>): AsyncGenerator<RuntimeEvent> {
    for await (const raw of jsonLines(response)) {
      // Event kinds this client does not model (future engine versions) are skipped, not errors.
      const event = toRuntimeEvent(raw);
      if (event) yield event;
    }
  };
  yield* iterateResponse(open, parse, { ...context, endpoint: api.endpoint }, options.signal);
}
