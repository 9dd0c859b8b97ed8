import { main } from './main.ts';

// The process entry: the only place that touches process.exitCode.
const code = await main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  process.env,
  process.cwd(),
);
process.exitCode = code;
