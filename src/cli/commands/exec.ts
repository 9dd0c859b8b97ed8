import type { Command } from 'commander';
import { collect, type CommandSpec } from '../command-spec.ts';

/** `stack exec`: the flags of `docker compose exec`. Flags after the command belong to the command. */
export const execSpec: CommandSpec = {
  name: 'exec',
  summary: "Run a command in a service's running container; exits with the command's code",
  define(command: Command) {
    command
      .argument('<service>', 'The service')
      .argument('<command...>', 'The command and its arguments')
      .passThroughOptions()
      .option('-d, --detach', 'Run the command in the background', false)
      .option('-e, --env <KEY=value>', 'Set an environment variable (repeatable)', collect)
      .option('-u, --user <user>', 'Run as this user')
      .option('-w, --workdir <dir>', 'Run in this directory')
      .option('-T, --no-tty', "Don't allocate a TTY (the default when stdin is not a terminal)")
      .option('--index <n>', 'Which replica of the service (default 1)')
      .option('--privileged', 'Give the command extended privileges', false);
  },
  load: async () => (await import('./run-exec.ts')).runExec,
};
