import type { Command } from 'commander';
import type { CommandSpec } from '../command-spec.ts';

/** `stack dashboard`: a live full-screen view of the project; the implementation (and Ink) is loaded on use. */
export const dashboardSpec: CommandSpec = {
  name: 'dashboard',
  summary: 'A live full-screen view of the services: state, health, ports, restarts, CPU and memory, logs; keys to restart, stop, rebuild',
  define(command: Command) {
    command
      .option('--stats-interval <seconds>', 'Seconds between two CPU and memory samples', '2')
      .option('-n, --tail <lines>', 'Lines of history per container in the log pane', '200');
  },
  load: async () => (await import('./dashboard-run.ts')).runDashboardCommand,
};
