import type { Command } from 'commander';
import type { CommandSpec } from '../command-spec.ts';

/** `start`, `stop`, `restart`, `kill`, `rm`, `pause`, `unpause`: the flags of their `docker compose` namesakes. */
const services = (command: Command) => command.argument('[services...]', 'Only these services');
const load = (verb: string) => async () => (await import('./run-lifecycle.ts')).lifecycleRun(verb as never);

export const startSpec: CommandSpec = {
  name: 'start',
  summary: 'Start existing containers, dependencies first (waiting for their health when the file asks)',
  define: (c) => void services(c).option('--wait', 'Wait until the services are running or healthy', false).option('--wait-timeout <seconds>', 'Give up waiting after this many seconds'),
  load: load('start'),
};

export const stopSpec: CommandSpec = {
  name: 'stop',
  summary: 'Stop running containers, dependents first',
  define: (c) => void services(c).option('-t, --timeout <seconds>', 'Seconds to wait before killing'),
  load: load('stop'),
};

export const restartSpec: CommandSpec = {
  name: 'restart',
  summary: 'Restart containers, dependencies first (waiting for their health when the file asks)',
  define: (c) => void services(c).option('-t, --timeout <seconds>', 'Seconds to wait before killing').option('--no-deps', "Don't restart the services the named ones depend on"),
  load: load('restart'),
};

export const killSpec: CommandSpec = {
  name: 'kill',
  summary: 'Send a signal to running containers (SIGKILL by default)',
  define: (c) => void services(c).option('-s, --signal <signal>', 'Signal to send', 'SIGKILL').option('--remove-orphans', 'Also kill containers of services no longer in the file', false),
  load: load('kill'),
};

export const rmSpec: CommandSpec = {
  name: 'rm',
  summary: 'Remove stopped containers',
  define: (c) =>
    void services(c)
      .option('-f, --force', "Don't ask (stack never asks; kept for docker compose's scripts)", false)
      .option('-s, --stop', 'Stop the containers first', false)
      .option('-v, --volumes', 'Also remove their anonymous volumes', false),
  load: load('rm'),
};

export const pauseSpec: CommandSpec = { name: 'pause', summary: 'Pause running containers', define: (c) => void services(c), load: load('pause') };

export const unpauseSpec: CommandSpec = { name: 'unpause', summary: 'Unpause paused containers', define: (c) => void services(c), load: load('unpause') };
