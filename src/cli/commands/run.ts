import type { Command } from 'commander';
import { collect, type CommandSpec } from '../command-spec.ts';

/** `stack run`: the flags of `docker compose run`. Flags after the command belong to the command. */
export const runSpec: CommandSpec = {
  name: 'run',
  summary: 'Run a one-off command in a new container of a service (its dependencies started first)',
  define(command: Command) {
    command
      .argument('<service>', 'The service')
      .argument('[command...]', "The command and its arguments (default: the service's)")
      .passThroughOptions()
      .option('-d, --detach', 'Start the container and print its name', false)
      .option('--rm', 'Remove the container when it exits', false)
      .option('--name <name>', 'Name the container')
      .option('--entrypoint <command>', "Override the image's entrypoint")
      .option('-e, --env <KEY=value>', 'Set an environment variable (repeatable)', collect)
      .option('-l, --label <KEY=value>', 'Add a label (repeatable)', collect)
      .option('-u, --user <user>', 'Run as this user')
      .option('-w, --workdir <dir>', 'Run in this directory')
      .option('-T, --no-tty', "Don't allocate a TTY (the default when stdin is not a terminal)")
      .option('--no-deps', "Don't start the services it depends on")
      .option('--service-ports', "Publish the service's ports", false)
      .option('--use-aliases', "Join the networks under the service's aliases", false);
  },
  load: async () => (await import('./run-run.ts')).runRun,
};
