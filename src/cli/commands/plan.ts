import { Option, type Command } from 'commander';
import { collect, type CommandSpec } from '../command-spec.ts';

/** `stack plan`: what `up` would do, with the reason for each step; `up --dry-run` prints the same. */
export const planSpec: CommandSpec = {
  name: 'plan',
  summary: 'Show what `up` would do and why, without doing it',
  define(command: Command) {
    command
      .argument('[services...]', 'Only these services (and what they depend on, unless --no-deps)')
      .addOption(new Option('--format <format>', 'Output format').choices(['text', 'json']).default('text'))
      .option('--build', 'Plan to build images')
      .option('--no-build', 'Plan never to build')
      .addOption(new Option('--pull <policy>', 'Pull images: always, missing, never').choices(['always', 'missing', 'never']))
      .option('--force-recreate', 'Recreate containers even when nothing changed', false)
      .option('--no-recreate', 'Keep existing containers even when they changed')
      .option('--always-recreate-deps', 'Recreate the dependencies of the services too', false)
      .option('--no-deps', "Leave out the services the named ones depend on")
      .option('--remove-orphans', 'Remove containers of services no longer in the file', false)
      .option('--scale <service=n>', 'Run n replicas of a service (repeatable)', collect)
      .option('--no-start', "Create what is missing but don't start it")
      .option('-t, --timeout <seconds>', 'Seconds to wait for a container to stop before killing it');
  },
  load: async () => (await import('./run-plan.ts')).runPlan,
};
