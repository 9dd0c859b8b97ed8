import type { Command } from 'commander';
import type { CommandContext } from './context.ts';

/** What a command does once its flags are parsed: returns the exit code. */
export type CommandRun = (ctx: CommandContext, args: readonly string[], options: Readonly<Record<string, unknown>>) => Promise<number>;

/**
 * A command as main.ts registers it. The spec holds only the flags, so that
 * parsing argv stays cheap; `load` imports the implementation (and whatever
 * heavy modules it needs: ink, dockerode...) only when the command runs.
 */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Declares arguments and flags on the commander command. */
  define(command: Command): void;
  load(): Promise<CommandRun>;
  /** Sub-commands (`stack runtime start`), each a spec of its own. */
  readonly subcommands?: readonly CommandSpec[];
}

/** Collects a repeatable flag (`-f a -f b`). */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
