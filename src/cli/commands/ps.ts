import { Option, type Command } from 'commander';
import { collect, type CommandSpec } from '../command-spec.ts';

/** `stack ps`: the flags of `docker compose ps`. */
export const psSpec: CommandSpec = {
  name: 'ps',
  summary: 'List the containers of the project',
  define(command: Command) {
    command
      .argument('[services...]', 'Only these services')
      .option('-a, --all', 'Show stopped containers too', false)
      .option('-q, --quiet', 'Only the container ids', false)
      .option('--services', 'Only the service names', false)
      .addOption(new Option('--status <status>', 'Only containers in this state (repeatable)').argParser((v: string, prev: string[] | undefined) => collect(v, prev)))
      .addOption(new Option('--format <format>', 'Output format').choices(['table', 'json']).default('table'));
  },
  load: async () => (await import('./run-ps.ts')).runPs,
};
