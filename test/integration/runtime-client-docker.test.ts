import { createRuntimeClient } from '../../src/runtime/client/index.ts';
import { ensureDockerd, missingDockerd } from '../helpers/dockerd.ts';
import { describeRuntimeClient } from './runtime-client-suite.ts';

describeRuntimeClient(
  'docker',
  async () => {
    const dockerd = await ensureDockerd();
    const client = await createRuntimeClient({ runtime: 'docker', env: dockerd.env });
    return {
      client,
      clientAt: (socketPath) => createRuntimeClient({ runtime: 'docker', env: {}, socketPath }),
      dispose: async () => {
        client[Symbol.dispose]();
        await dockerd.dispose();
      },
    };
  },
  { skip: missingDockerd() },
);
