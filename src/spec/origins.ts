import type { Range } from '../base/index.ts';
import type { Locate } from './locate.ts';

/** A path into a plain value: keys of mappings, indexes of sequences. */
export type Path = readonly (string | number)[];

/** Where a value came from: the file and the ranges of its key and of its value. */
export interface Origin {
  readonly file: string;
  readonly key?: Range;
  readonly value?: Range;
}

/** A YAML tag that changes how a later file merges into an earlier one. */
export type MergeDirective = 'reset' | 'override';

type Key = string | number;

/**
 * The origin map: where each member of every mapping and sequence of a
 * model came from. Phases build new containers rather than mutating old
 * ones, and copy the origins of what they carry over, so that a value that
 * went through merge keys, extends, include or an override file still
 * points into the file it was written in.
 *
 * Keyed by object identity (WeakMaps): the plain values stay plain, and a
 * container that is dropped takes its origins with it.
 */
export class Origins {
  readonly #members = new WeakMap<object, Map<Key, Origin>>();
  readonly #self = new WeakMap<object, Origin>();
  readonly #directives = new WeakMap<object, Map<Key, MergeDirective>>();

  /** Records where member `key` of `container` came from. */
  set(container: object, key: Key, origin: Origin | undefined): void {
    if (origin) this.#membersOf(container).set(key, origin);
  }

  /**
   * Records where the members of a new container came from, all at once:
   * the reader records thousands, and one lookup per container is cheaper
   * than one per member. The map becomes the origin map's own.
   */
  adopt(container: object, members: Map<Key, Origin>): void {
    const known = this.#members.get(container);
    if (!known) this.#members.set(container, members);
    else for (const [k, o] of members) known.set(k, o);
  }

  /** Where member `key` of `container` came from, else where the container itself came from. */
  get(container: object, key: Key): Origin | undefined {
    return this.#members.get(container)?.get(key) ?? this.#self.get(container);
  }

  /** Records where a container as a whole came from (its value range). */
  setSelf(container: object, origin: Origin | undefined): void {
    if (origin) this.#self.set(container, origin);
  }

  self(container: object): Origin | undefined {
    return this.#self.get(container);
  }

  /** Carries the origin (and merge directive) of `from[fromKey]` over to `to[toKey]`. */
  copy(from: object, fromKey: Key, to: object, toKey: Key = fromKey): void {
    const origin = this.#members.get(from)?.get(fromKey);
    if (origin) this.set(to, toKey, origin);
    const directive = this.#directives.get(from)?.get(fromKey);
    if (directive) this.setDirective(to, toKey, directive);
  }

  /** Carries every member origin and directive of `from` over to `to`, which has the same keys. */
  copyAll(from: object, to: object): void {
    const members = this.#members.get(from);
    if (members) this.adopt(to, new Map(members));
    this.copySelf(from, to);
  }

  /**
   * Carries the origin of a whole container over to a new one that replaces
   * it, with the merge directives of its members (a `!reset` member has no
   * value left to carry it).
   */
  copySelf(from: object, to: object): void {
    const origin = this.#self.get(from);
    if (origin) this.#self.set(to, origin);
    const directives = this.#directives.get(from);
    if (!directives) return;
    const target = this.#directives.get(to);
    if (!target) this.#directives.set(to, new Map(directives));
    else for (const [k, d] of directives) target.set(k, d);
  }

  setDirective(container: object, key: Key, directive: MergeDirective): void {
    let directives = this.#directives.get(container);
    if (!directives) this.#directives.set(container, (directives = new Map()));
    directives.set(key, directive);
  }

  #membersOf(container: object): Map<Key, Origin> {
    let members = this.#members.get(container);
    if (!members) this.#members.set(container, (members = new Map()));
    return members;
  }

  directive(container: object, key: Key): MergeDirective | undefined {
    return this.#directives.get(container)?.get(key);
  }

  /** Keys of `container` marked `!reset` (their value was dropped at parse time). */
  resetKeys(container: object): Key[] {
    const directives = this.#directives.get(container);
    if (!directives) return [];
    return [...directives].filter(([, d]) => d === 'reset').map(([k]) => k);
  }

  /**
   * The origin of the deepest member of `path` that exists: a diagnostic
   * about a value that a phase made up (a default, a normalized form) still
   * points at the closest thing the user wrote.
   */
  locate(root: unknown, path: Path): Origin | undefined {
    let node: unknown = root;
    let found = isContainer(root) ? this.#self.get(root) : undefined;
    for (const segment of path) {
      if (!isContainer(node)) break;
      const origin = this.get(node, segment);
      if (origin) found = origin;
      const next = (node as Record<Key, unknown>)[segment];
      if (next === undefined) break;
      node = next;
    }
    return found;
  }

  /** A Locate (for the schema validator) over one file's document. */
  locator(root: unknown): Locate {
    return (path, part) => {
      const origin = this.locate(root, path);
      if (!origin) return undefined;
      return part === 'key' ? (origin.key ?? origin.value) : (origin.value ?? origin.key);
    };
  }
}

export function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets a member even when its key is `__proto__` (a valid YAML key, a hazard for plain assignment). */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
