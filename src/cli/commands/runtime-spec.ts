import { Option, type Command } from 'commander';
import type { CommandSpec } from '../command-spec.ts';

/** `stack runtime start|stop|status|info`: the bundled runtime (stackd) itself. */
export const runtimeSpec: CommandSpec = {
  name: 'runtime',
  summary: 'Start, stop and inspect the bundled runtime (stackd)',
  define() {},
  load: async () => async () => 0,
  subcommands: [
    {
      name: 'start',
      summary: 'Start stackd if it is not running, and wait until it answers',
      define(command: Command) {
        command.option('--timeout <seconds>', 'How long to wait for it to answer', '30');
      },
      load: async () => (await import('./runtime-commands.ts')).runRuntimeStart,
    },
    {
      name: 'stop',
      summary: 'Stop stackd (running containers keep running unless --all)',
      define(command: Command) {
        command.option('--all', 'Stop every running container first, so nothing of stackd is left running', false).option('-t, --timeout <seconds>', 'Grace period for each container with --all', '10');
      },
      load: async () => (await import('./runtime-commands.ts')).runRuntimeStop,
    },
    {
      name: 'status',
      summary: 'Say whether stackd is running (exit 0) or not (exit 1)',
      define() {},
      load: async () => (await import('./runtime-commands.ts')).runRuntimeStatus,
    },
    {
      name: 'info',
      summary: 'Print where stackd lives and what it runs (socket, root, pid, OCI runtime, version)',
      define(command: Command) {
        command.addOption(new Option('--format <format>', 'Output format').choices(['text', 'json']).default('text'));
      },
      load: async () => (await import('./runtime-commands.ts')).runRuntimeInfo,
    },
  ],
};
