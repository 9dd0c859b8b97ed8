import { createRuntimeClient } from '../../src/runtime/client/index.ts';
import { missingStackd, startStackd } from '../helpers/stackd.ts';
import { describeRuntimeClient } from './runtime-client-suite.ts';

// The runtime client's conformance suite, unchanged, against stackd: everything it checks on dockerd must hold here too.
describeRuntimeClient(
  'stackd',
  async () => {
    const stackd = await startStackd();
    const client = await createRuntimeClient({ runtime: 'bundled', env: { STACK_ROOT: stackd.root } });
    return {
      client,
      clientAt: (socketPath) => createRuntimeClient({ runtime: 'bundled', env: {}, socketPath }),
      dispose: async () => {
        client[Symbol.dispose]();
        const leftovers = await stackd.dispose();
        if (leftovers.length > 0) throw new Error(`stackd left ${leftovers.join(', ')}`);
      },
    };
  },
  { skip: missingStackd(), lacks: { build: 'stackd has no Dockerfile builder yet: POST /build answers STK5314 (build with Docker, then `stack image load`)' } },
);
