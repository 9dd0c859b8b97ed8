import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StackError } from '../../../base/index.ts';

/**
 * The stackd program to start: STACK_STACKD (a path to stackd.js) if set,
 * else `stackd.js` beside the running CLI bundle (dist/), looked for from this
 * module's directory upward (the CLI's chunks live in dist/chunks/).
 */
export function locateStackd(env: Readonly<Record<string, string | undefined>>, from: string = fileURLToPath(import.meta.url)): string {
  if (env.STACK_STACKD) {
    if (existsSync(env.STACK_STACKD)) return env.STACK_STACKD;
    throw missing(`STACK_STACKD names ${env.STACK_STACKD}, which does not exist`);
  }
  let dir = dirname(from);
  for (let i = 0; i < 4; i++) {
    for (const candidate of [join(dir, 'stackd.js'), join(dir, 'dist', 'stackd.js')]) if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw missing('dist/stackd.js is not built');
}

function missing(why: string): StackError {
  return new StackError({ code: 'STK5313', errorClass: 'FailedPrecondition', message: `cannot start the bundled runtime: ${why}`, hint: 'Build stack first (`bash scripts/setup` or `npm run build` in the checkout), or use --runtime docker.' });
}
