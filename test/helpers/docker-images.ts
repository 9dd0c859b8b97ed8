import { createReadStream } from 'node:fs';
import { createRuntimeClient, type RuntimeClient } from '../../src/runtime/client/index.ts';
import { isErrorClass } from '../../src/base/index.ts';
import { makeBusyboxTar } from './busybox.ts';
import { tempDir } from './temp.ts';

/** The test image every runtime test uses: busybox-static as a one-layer image, never pulled. */
export const busyboxImage = 'stack-test/busybox:latest';

const imported = new Map<string, Promise<string>>();

/**
 * Makes sure the engine has the busybox test image: imports the rootfs tar
 * through the API (`POST /images/create?fromSrc=-`, CMD ["sh"]) when the
 * engine lacks it, once per engine and reference. Resolves with the image id.
 * Works with any RuntimeClient (Docker or stackd), or a Docker socket path.
 */
export async function ensureBusyboxImage(target: RuntimeClient | string, reference = busyboxImage): Promise<string> {
  if (typeof target === 'string') {
    using client = await createRuntimeClient({ runtime: 'docker', env: {}, socketPath: target });
    return await ensureBusyboxImage(client, reference);
  }
  const client = target;
  const key = `${client.endpoint.address} ${reference}`;
  let pending = imported.get(key);
  if (!pending) {
    pending = importIfMissing(client, reference);
    imported.set(key, pending);
    pending.catch(() => imported.delete(key));
  }
  return pending;
}

async function importIfMissing(client: RuntimeClient, reference: string): Promise<string> {
  try {
    return (await client.inspectImage(reference)).id;
  } catch (error) {
    if (!isErrorClass(error, 'NotFound')) throw error;
  }
  using dir = tempDir('stk-busybox-');
  const tar = makeBusyboxTar(dir.path);
  const { id } = await client.importImage(createReadStream(tar), { reference, changes: ['CMD ["sh"]'], message: 'stack test image: busybox-static' });
  return id;
}
