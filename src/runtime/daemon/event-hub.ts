import { Emitter, type Event } from '../../base/index.ts';

export type DockerEventType = 'container' | 'image' | 'volume' | 'network' | 'daemon';

/** One message of Docker's `GET /events` (API 1.41), as the docker CLI, docker-py and dockerode read it. */
export interface DockerEvent {
  readonly Type: DockerEventType;
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes: Readonly<Record<string, string>> };
  readonly scope: 'local';
  readonly time: number;
  readonly timeNano: number;
  /** Legacy fields Docker still sends for containers and images. */
  readonly status?: string;
  readonly id?: string;
  readonly from?: string;
}

/** Docker's event filters: `{"type": ["container"], "label": ["a=b"], "event": ["start"], ...}`. */
export type EventFilters = Readonly<Record<string, readonly string[]>>;

/** How many events are kept for `since` (Docker keeps a bounded log too). */
const HISTORY = 2048;

/**
 * stackd's event stream: every part fires here, the /events endpoint reads
 * the recent history (for `since`) and subscribes for the live rest. History
 * lives in memory only: after a restart of stackd it starts empty.
 */
export class EventHub {
  readonly #history: DockerEvent[] = [];
  readonly #emitter = new Emitter<DockerEvent>();

  readonly event: Event<DockerEvent> = this.#emitter.event;

  publish(event: DockerEvent): void {
    this.#history.push(event);
    if (this.#history.length > HISTORY) this.#history.splice(0, this.#history.length - HISTORY);
    this.#emitter.fire(event);
  }

  /** An event of one of our types, stamped now. */
  emit(type: DockerEventType, action: string, id: string, attributes: Readonly<Record<string, string>>, legacy?: { from?: string }): void {
    const ms = Date.now();
    this.publish(shape(type, action, id, attributes, Math.floor(ms / 1000), ms * 1e6, legacy?.from));
  }

  /** Past events with `sinceNano <= timeNano <= untilNano`, oldest first. */
  history(sinceNano: number, untilNano = Number.POSITIVE_INFINITY): DockerEvent[] {
    return this.#history.filter((e) => e.timeNano >= sinceNano && e.timeNano <= untilNano);
  }

  get listeners(): number {
    return this.#emitter.size;
  }
}

export function shape(type: DockerEventType, action: string, id: string, attributes: Readonly<Record<string, string>>, time: number, timeNano: number, from?: string): DockerEvent {
  const legacy = type === 'container' || type === 'image' ? { status: action, id, ...(from !== undefined ? { from } : {}) } : {};
  return { ...legacy, Type: type, Action: action, Actor: { ID: id, Attributes: attributes }, scope: 'local', time, timeNano };
}

/** Docker's filter semantics: values of one key are alternatives (OR), keys must all match (AND). */
export function matchesEventFilters(event: DockerEvent, filters: EventFilters): boolean {
  const attrs = event.Actor.Attributes;
  const any = (key: string, test: (value: string) => boolean): boolean => {
    const values = filters[key];
    return values === undefined || values.length === 0 || values.some(test);
  };
  const actionBase = event.Action.split(':')[0] ?? event.Action;
  return (
    any('type', (v) => v === event.Type) &&
    any('event', (v) => v === event.Action || v === actionBase) &&
    any('scope', (v) => v === 'local') &&
    any('label', (v) => {
      const eq = v.indexOf('=');
      return eq < 0 ? attrs[v] !== undefined : attrs[v.slice(0, eq)] === v.slice(eq + 1);
    }) &&
    any('container', (v) => event.Type === 'container' && (event.Actor.ID === v || event.Actor.ID.startsWith(v) || attrs.name === v)) &&
    any('image', (v) => (event.Type === 'image' && (event.Actor.ID === v || attrs.name === v)) || (event.Type === 'container' && (attrs.image === v || event.from === v))) &&
    any('network', (v) => event.Type === 'network' && (event.Actor.ID === v || event.Actor.ID.startsWith(v) || attrs.name === v)) &&
    any('volume', (v) => event.Type === 'volume' && event.Actor.ID === v) &&
    any('daemon', (v) => event.Type === 'daemon' && (event.Actor.ID === v || attrs.name === v))
  );
}
