/** What `POST /volumes/create` sends (Docker API 1.41 VolumeCreateOptions). */
export interface VolumeCreateRequest {
  readonly Name?: string;
  readonly Driver?: string;
  readonly DriverOpts?: Readonly<Record<string, string>>;
  readonly Labels?: Readonly<Record<string, string>>;
}

/** The record kept in `<root>/volumes/<name>/volume.json`. */
export interface VolumeRecord {
  readonly name: string;
  readonly driver: 'local';
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  /** RFC 3339, as Docker's CreatedAt. */
  readonly createdAt: string;
  /** Made for one container (image VOLUME, compose `- /path`), not by name. */
  readonly anonymous: boolean;
}

/** Docker's volume JSON (GET /volumes/{name}, items of GET /volumes). */
export interface VolumeInfo {
  readonly Name: string;
  readonly Driver: string;
  readonly Mountpoint: string;
  readonly CreatedAt: string;
  readonly Labels: Readonly<Record<string, string>>;
  readonly Scope: 'local';
  readonly Options: Readonly<Record<string, string>>;
  readonly UsageData?: { readonly Size: number; readonly RefCount: number };
}

/** Docker's filter map: `{"label": ["a=b"], "dangling": ["true"]}`. */
export type VolumeFilters = Readonly<Record<string, readonly string[]>>;

export type VolumeEventAction = 'create' | 'destroy' | 'mount' | 'unmount';

/** Shaped like Docker's /events message for Type "volume". */
export interface VolumeEvent {
  readonly type: 'volume';
  readonly action: VolumeEventAction;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Unix seconds and nanoseconds, as Docker's `time` and `timeNano` (nanoseconds have millisecond precision). */
  readonly time: number;
  readonly timeNano: number;
}

/** Which containers use a volume: the container manager answers, the store asks before removing. */
export type VolumeUsage = (name: string) => readonly string[];
