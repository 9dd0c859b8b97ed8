export { VolumeStore, ANONYMOUS_LABEL, type VolumeStoreOptions } from './volume-store.ts';
export type { VolumeCreateRequest, VolumeEvent, VolumeEventAction, VolumeFilters, VolumeInfo, VolumeRecord, VolumeUsage } from './volume-types.ts';
export type { VolumeSource } from './volume-source.ts';
export { isValidVolumeName, anonymousVolumeName } from './volume-name.ts';
export { volumeFilterKeys, labelMatches } from './volume-filters.ts';
// Small helpers the container manager shares (it depends on volumes, never the other way round).
export { KeyedMutex } from './keyed-mutex.ts';
