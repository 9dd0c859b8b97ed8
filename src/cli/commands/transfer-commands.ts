import { Option, type Command } from 'commander';
import type { CommandSpec } from '../command-spec.ts';

/** `pull` and `cp`, with `docker compose`'s flags. */

export const pullSpec: CommandSpec = {
  name: 'pull',
  summary: "Pull the services' images",
  define: (c: Command) =>
    void c
      .argument('[services...]', 'Only these services')
      .option('--ignore-pull-failures', 'Pull what can be pulled; exit 0 even when some fail', false)
      .option('--ignore-buildable', 'Skip services that have a build section', false)
      .option('--include-deps', 'Also pull the images of the services they depend on', false)
      .addOption(new Option('--policy <policy>', 'always, or missing (only images not present)').choices(['always', 'missing']).default('always'))
      .option('-q, --quiet', 'No progress output', false),
  load: async () => (await import('./run-pull.ts')).runPull,
};

export const cpSpec: CommandSpec = {
  name: 'cp',
  summary: 'Copy files between a service container and the host: `cp svc:/path .` or `cp ./file svc:/dir`',
  define: (c: Command) =>
    void c
      .argument('<source>', 'SERVICE:PATH, a host path, or - (a tar on stdin)')
      .argument('<destination>', 'SERVICE:PATH, a host path, or - (a tar on stdout)')
      .option('--index <n>', 'Which replica (default 1)')
      .option('--all', 'Copy into every replica of the service', false)
      .option('-a, --archive', 'Keep the owner (uid:gid) of the copied files', false)
      .option('-L, --follow-link', 'Follow a symbolic link given as the source', false),
  load: async () => (await import('./run-cp.ts')).runCp,
};
