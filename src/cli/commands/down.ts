import { Option, type Command } from 'commander';
import type { CommandSpec } from '../command-spec.ts';

/** `stack down`: the flags of `docker compose down`. Works from labels with -p and no file. */
export const downSpec: CommandSpec = {
  name: 'down',
  summary: 'Stop and remove the containers and networks of the project (-v: volumes too)',
  define(command: Command) {
    command
      .option('-v, --volumes', 'Also remove named volumes of the project and anonymous volumes of its containers', false)
      .addOption(new Option('--rmi <type>', 'Also remove images: local (built for the project) or all').choices(['local', 'all']))
      .option('--remove-orphans', 'Also remove containers of services no longer in the file, and one-off containers', false)
      .option('-t, --timeout <seconds>', 'Seconds to wait for a container to stop before killing it');
  },
  load: async () => (await import('./run-down.ts')).runDown,
};
