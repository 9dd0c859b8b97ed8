import type { Command } from 'commander';
import type { CommandSpec } from '../command-spec.ts';

/** `stack logs`: the flags of `docker compose logs`. */
export const logsSpec: CommandSpec = {
  name: 'logs',
  summary: "Show the containers' output (-f: follow, including restarted and new containers)",
  define(command: Command) {
    command
      .argument('[services...]', 'Only these services')
      .option('-f, --follow', 'Follow the output', false)
      .option('-n, --tail <lines>', 'Lines from the end of each container\'s output ("all" for everything)', 'all')
      .option('--since <time>', 'Only lines since a time (2024-01-02T13:23:37Z) or a duration before now (42m)')
      .option('--until <time>', 'Only lines before a time or a duration before now')
      .option('-t, --timestamps', 'Show timestamps', false)
      .option('--no-color', 'Monochrome output')
      .option('--no-log-prefix', "Don't prefix lines with the container's name")
      .option('--index <n>', 'Only this replica of the service');
  },
  load: async () => (await import('./run-logs.ts')).runLogs,
};
