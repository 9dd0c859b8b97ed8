import type { CodeTable } from './types.ts';

/** STK54xx: Volumes in the bundled runtime. Add new codes at the end; never renumber. */
export const volumesCodes: CodeTable = {
  STK5401: { name: 'VolumeNotFound', summary: 'No volume has that name.' },
  STK5402: { name: 'VolumeInUse', summary: 'The volume is mounted by a container and cannot be removed.' },
  STK5403: { name: 'InvalidVolumeName', summary: 'A volume name must match [a-zA-Z0-9][a-zA-Z0-9_.-]+.' },
  STK5404: { name: 'VolumeExistsWithOtherOptions', summary: 'A volume of that name exists with another driver or other options.' },
  STK5405: { name: 'UnsupportedVolumeDriver', summary: 'Only the local volume driver is supported.' },
  STK5406: { name: 'VolumeCopyUpFailed', summary: 'The image content at the mount path could not be copied into the new volume.' },
  STK5407: { name: 'VolumeRecordCorrupt', summary: 'A volume record on disk could not be read.' },
  STK5408: { name: 'UnsupportedVolumeOptions', summary: 'The local driver options (type, device, o) are not supported.' },
};
