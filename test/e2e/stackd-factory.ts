import { createRuntimeClient } from '../../src/runtime/client/index.ts';
import { ensureBusyboxImage } from '../helpers/docker-images.ts';
import { missingStackd, startStackd } from '../helpers/stackd.ts';
import { missingBuild, prepareStackBinary, type TargetFactory } from './harness.ts';

/**
 * The Docker issue's end-to-end suites, unchanged, against stackd: a private
 * stackd per test file (own state root, instance id and address pool), the
 * built CLI reaching it through STACK_ROOT with --runtime bundled.
 */
export const stackdFactory: TargetFactory = {
  name: 'stackd',
  missing: missingStackd() ?? missingBuild(),
  // With on-demand start turned off, a stackd that does not run is unreachable, as a stopped Docker is.
  unreachable: { env: { STACK_ROOT: '/nonexistent/stackd-root', STACK_NO_AUTOSTART: '1' }, names: '/nonexistent/stackd-root/run/stackd.sock' },
  async open() {
    await prepareStackBinary();
    const stackd = await startStackd();
    const client = await createRuntimeClient({ runtime: 'bundled', env: {}, socketPath: stackd.socketPath });
    await ensureBusyboxImage(client);
    return {
      runtime: 'bundled',
      env: { STACK_ROOT: stackd.root },
      client,
      dispose: async () => {
        client[Symbol.dispose]();
        const leftovers = await stackd.dispose();
        if (leftovers.length > 0) throw new Error(`stackd left ${leftovers.join(', ')}`);
      },
    };
  },
};
