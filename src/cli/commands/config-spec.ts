import { Option, type Command } from 'commander';
import type { CommandSpec } from '../command-spec.ts';

/** `stack config`: the flags of `docker compose config`; the implementation is loaded on use. */
export const configSpec: CommandSpec = {
  name: 'config',
  summary: 'Parse, resolve and render the compose files in canonical form',
  define(command: Command) {
    command
      .argument('[services...]', 'Only these services (and what they depend on)')
      .addOption(new Option('--format <format>', 'Output format').choices(['yaml', 'json']).default('yaml'))
      .option('-o, --output <file>', 'Write the output to a file instead of stdout')
      .option('-q, --quiet', 'Only validate; print nothing', false)
      .option('--services', 'Print the service names, one per line', false)
      .option('--volumes', 'Print the volume names, one per line', false)
      .option('--networks', 'Print the network names, one per line', false)
      .option('--profiles', 'Print the profile names, one per line', false)
      .option('--images', 'Print the image names, one per line', false)
      .option('--environment', 'Print the interpolation environment', false)
      .option('--hash <services>', 'Print the config hash of these services ("*" for all): "service hash" lines')
      .option('--no-interpolate', 'Do not interpolate variables')
      .option('--no-normalize', 'Do not normalize (default network, resource names, implicit dependencies)')
      .option('--no-path-resolution', 'Do not resolve relative paths')
      .option('--no-consistency', 'Do not check consistency (undefined references, conflicts)')
      .option('--no-env-resolution', 'Do not read env_file and label_file');
  },
  load: async () => (await import('./config.ts')).runConfig,
};
