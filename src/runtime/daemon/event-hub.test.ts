import { describe, expect, it } from 'vitest';
import { EventHub, matchesEventFilters, shape } from './event-hub.ts';

const container = shape('container', 'health_status: healthy', 'a'.repeat(64), { name: 'app-web-1', image: 'busybox', 'com.docker.compose.project': 'app' }, 10, 10e9, 'busybox');

describe('event hub: Docker\'s /events messages and filters', () => {
  it('containers and images carry the legacy status, id and from; others do not', () => {
    expect(container).toMatchObject({ status: 'health_status: healthy', id: 'a'.repeat(64), from: 'busybox', Type: 'container', Actor: { ID: 'a'.repeat(64) }, scope: 'local' });
    expect(shape('network', 'create', 'n1', { name: 'front' }, 1, 1e9)).not.toHaveProperty('status');
  });

  it('filters: values of a key are alternatives, keys all hold; event matches the action before its colon', () => {
    expect(matchesEventFilters(container, { type: ['container'], event: ['health_status'] })).toBe(true);
    expect(matchesEventFilters(container, { label: ['com.docker.compose.project=app'], container: ['app-web-1'] })).toBe(true);
    expect(matchesEventFilters(container, { container: ['aaaa'] })).toBe(true);
    expect(matchesEventFilters(container, { type: ['network', 'volume'] })).toBe(false);
    expect(matchesEventFilters(container, { label: ['com.docker.compose.project=other'] })).toBe(false);
    expect(matchesEventFilters(container, { image: ['busybox'] })).toBe(true);
  });

  it('history by time window, oldest first, and live subscribers', () => {
    const hub = new EventHub();
    const seen: string[] = [];
    using _sub = hub.event((e) => seen.push(e.Action));
    hub.publish(shape('volume', 'create', 'v', {}, 1, 1e9));
    hub.publish(shape('volume', 'destroy', 'v', {}, 2, 2e9));
    expect(hub.history(1.5e9).map((e) => e.Action)).toEqual(['destroy']);
    expect(hub.history(0, 1.5e9).map((e) => e.Action)).toEqual(['create']);
    expect(seen).toEqual(['create', 'destroy']);
    expect(hub.listeners).toBe(1);
  });
});
