import type { Command } from 'commander';
import type { CommandSpec } from '../command-spec.ts';

/** `stack validate`: `config --quiet` for CI: prints nothing on success, the diagnostics and exit 2 otherwise. */
export const validateSpec: CommandSpec = {
  name: 'validate',
  summary: 'Check the compose files; print nothing when they are valid',
  define(command: Command) {
    command.argument('[services...]', 'Check only these services (and what they depend on)');
  },
  load: async () => (await import('./validate.ts')).runValidate,
};
