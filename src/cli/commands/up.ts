import { Option, type Command } from 'commander';
import { collect, type CommandSpec } from '../command-spec.ts';

/** `stack up`: the flags of `docker compose up`; the implementation is loaded on use. */
export const upSpec: CommandSpec = {
  name: 'up',
  summary: 'Create and start the services (and what they need), then follow their logs unless -d',
  define(command: Command) {
    command
      .argument('[services...]', 'Only these services (and what they depend on, unless --no-deps)')
      .option('-d, --detach', 'Run in the background: start and exit', false)
      .option('--wait', 'Wait until every service is running or healthy (a one-shot job: exited 0); implies -d', false)
      .option('--wait-timeout <seconds>', 'Give up waiting after this many seconds (exit 1)')
      .option('--dashboard', 'Open the dashboard once the services are up, instead of following their logs (they keep running after it)', false)
      .option('--build', 'Build images before starting')
      .option('--no-build', 'Never build, even a missing image')
      .addOption(new Option('--pull <policy>', 'Pull images: always, missing, never').choices(['always', 'missing', 'never']))
      .option('--force-recreate', 'Recreate containers even when nothing changed', false)
      .option('--no-recreate', 'Keep existing containers even when they changed')
      .option('--always-recreate-deps', 'Recreate the dependencies of the services too', false)
      .option('-V, --renew-anon-volumes', 'A recreated container gets new anonymous volumes', false)
      .option('--no-deps', "Don't start the services the named ones depend on")
      .option('--remove-orphans', 'Remove containers of services no longer in the file', false)
      .option('--scale <service=n>', 'Run n replicas of a service (repeatable)', collect)
      .option('--abort-on-container-exit', 'Stop everything when any container exits', false)
      .option('--abort-on-container-failure', 'Stop everything when any container exits with a non-zero code', false)
      .option('--exit-code-from <service>', "Exit with that service's exit code (implies --abort-on-container-exit)")
      .option('--no-start', "Create what is missing but don't start it")
      .option('-t, --timeout <seconds>', 'Seconds to wait for a container to stop before killing it')
      .option('--dry-run', 'Print the plan and do nothing (same as `stack plan`)', false)
      .option('--no-color', 'Monochrome log output')
      .option('--no-log-prefix', "Don't prefix log lines with the container's name")
      .option('--timestamps', 'Show timestamps in log output', false);
  },
  load: async () => (await import('./run-up.ts')).runUp,
};
