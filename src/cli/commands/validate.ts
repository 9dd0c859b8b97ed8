import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { loadProjectFor } from '../load-project.ts';

export const runValidate: CommandRun = async (ctx, args) => {
  const loaded = await loadProjectFor(ctx, args.length > 0 ? { services: args } : {});
  return loaded.ok ? ExitCode.Ok : loaded.exitCode;
};
