import { Option, type Command } from 'commander';
import { collect, type CommandSpec } from '../command-spec.ts';

/** `top`, `port`, `images`, `events`, `wait`, `ls`: the read-only commands, with `docker compose`'s flags. */

export const topSpec: CommandSpec = {
  name: 'top',
  summary: 'Show the processes running in each container',
  define: (c: Command) => void c.argument('[services...]', 'Only these services'),
  load: async () => (await import('./run-top.ts')).runTop,
};

export const portSpec: CommandSpec = {
  name: 'port',
  summary: 'Print the host address a container port is published on',
  define: (c: Command) =>
    void c
      .argument('<service>', 'The service')
      .argument('<port>', 'The container port')
      .addOption(new Option('--protocol <protocol>', 'tcp, udp or sctp').choices(['tcp', 'udp', 'sctp']).default('tcp'))
      .option('--index <n>', 'Which replica (default 1)'),
  load: async () => (await import('./run-port.ts')).runPort,
};

export const imagesSpec: CommandSpec = {
  name: 'images',
  summary: "List the images the project's containers use",
  define: (c: Command) =>
    void c
      .argument('[services...]', 'Only these services')
      .option('-q, --quiet', 'Only the image ids', false)
      .addOption(new Option('--format <format>', 'Output format').choices(['table', 'json']).default('table')),
  load: async () => (await import('./run-images.ts')).runImages,
};

export const eventsSpec: CommandSpec = {
  name: 'events',
  summary: "Stream the runtime's events about the project's containers",
  define: (c: Command) =>
    void c
      .argument('[services...]', 'Only these services')
      .option('--json', 'One JSON object per event', false)
      .option('--since <time>', 'Replay events since a time or a duration before now')
      .option('--until <time>', 'Stop at a time or a duration before now'),
  load: async () => (await import('./run-events.ts')).runEvents,
};

export const waitSpec: CommandSpec = {
  name: 'wait',
  summary: "Block until the services' containers stop; exit with the first non-zero exit code",
  define: (c: Command) => void c.argument('<services...>', 'The services').option('--down-project', 'Run `down` once they have stopped', false),
  load: async () => (await import('./run-wait.ts')).runWait,
};

export const lsSpec: CommandSpec = {
  name: 'ls',
  summary: 'List the projects that have containers (found by label)',
  define: (c: Command) =>
    void c
      .option('-a, --all', 'Also projects whose containers are all stopped', false)
      .option('-q, --quiet', 'Only the project names', false)
      .option('--filter <name=value>', 'Only projects whose name contains value (repeatable)', collect)
      .addOption(new Option('--format <format>', 'Output format').choices(['table', 'json']).default('table')),
  load: async () => (await import('./run-ls.ts')).runLs,
};
