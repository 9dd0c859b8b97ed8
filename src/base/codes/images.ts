import type { CodeTable } from './types.ts';

/** STK51xx: Images in the bundled runtime: store, import, load, save, unpack. Add new codes at the end; never renumber. */
export const imagesCodes: CodeTable = {
  STK5101: { name: 'ImageNotFound', summary: 'No image matches the reference or id (the few that exist are listed when there are not many).' },
  STK5102: { name: 'InvalidReference', summary: 'An image reference is not valid: bad name, tag or digest, uppercase repository, or a 64-hex name.' },
  STK5103: { name: 'UnsupportedMediaType', summary: 'A manifest, config or layer uses a media type the store cannot read (schema1, zstd, foreign layers without content).' },
  STK5104: { name: 'DigestMismatch', summary: 'Content does not hash to the digest that names it (a blob, a layer diff id, a manifest).' },
  STK5105: { name: 'UnsafeLayerEntry', summary: 'A layer holds an entry that could write, link or delete outside the layer directory, or a device node or fifo.' },
  STK5106: { name: 'ImageInUse', summary: 'The image cannot be removed: a container uses it.' },
  STK5107: { name: 'ArchiveNotRecognized', summary: 'An archive is neither a docker save archive nor an OCI image layout archive.' },
  STK5108: { name: 'AmbiguousImageId', summary: 'A short image id matches more than one image.' },
  STK5109: { name: 'ImageHasReferences', summary: 'An image given by id has several references: removing it needs force.' },
  STK5110: { name: 'LayerTooLarge', summary: 'A layer exceeds the size or entry-count limit (a guard against decompression bombs).' },
  STK5111: { name: 'ArchiveInvalid', summary: 'An archive or image is damaged: a truncated tar, a missing file, bad JSON, a config that does not match its layers.' },
  STK5112: { name: 'InvalidImageChange', summary: 'An import --change instruction is not valid (unknown instruction or bad arguments).' },
  STK5113: { name: 'ImageStoreFailure', summary: 'The image store could not read or write its directory (disk full, permissions, a helper tool failed).' },
};
