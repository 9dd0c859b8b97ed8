import { PassThrough, Readable } from 'node:stream';
import { main } from '../main.ts';

/**
 * For tests: runs the CLI in this process, as `stack <argv>` in `cwd`, with
 * colour off and a fixed HOME (plus `env`), `stdin` as its input; returns the
 * exit code and everything written to stdout and stderr.
 */
export async function runMain(argv: readonly string[], cwd: string, options: { env?: Record<string, string>; stdin?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const stdin = Readable.from(options.stdin !== undefined ? [options.stdin] : []);
  const code = await main(argv, { stdout, stderr, stdin }, { NO_COLOR: '1', HOME: '/home/test', ...options.env }, cwd);
  return { code, out, err };
}
