import { Command, CommanderError, Option } from 'commander';
import { isStackError, shouldColor, style, type StackError } from '../base/index.ts';
import { collect, type CommandSpec } from './command-spec.ts';
import { commandSpecs } from './commands/index.ts';
import type { CommandContext, GlobalOptions, Io, Streams } from './context.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';
import { reportError } from './report-error.ts';
import { VERSION } from './version.ts';

/**
 * The one entry point: parses argv, runs the command, and is the one place
 * that turns a failure into a message and an exit code. Nothing below it
 * calls process.exit.
 */
export async function main(argv: readonly string[], io: Streams, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const interrupt = new AbortController();
  const force = new AbortController();
  const onSigint = () => (interrupt.signal.aborted ? force.abort() : interrupt.abort());
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(io, env, cwd, interrupt.signal, force.signal, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    exitCode = handleFailure(error, io, env);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  if (interrupt.signal.aborted && exitCode === ExitCode.Ok) exitCode = ExitCode.Interrupted;
  return exitCode;
}

function buildProgram(
  io: Streams,
  env: NodeJS.ProcessEnv,
  cwd: string,
  signal: AbortSignal,
  forceSignal: AbortSignal,
  setExit: (code: number) => void,
): Command {
  const program = new Command('stack')
    .description('Compose-compatible multi-container orchestrator')
    .version(VERSION, '-v, --version', 'Print the version and exit')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .option('-f, --file <path>', 'Compose file (repeatable; - reads stdin)', collect)
    .option('-p, --project-name <name>', 'Project name')
    .option('--project-directory <dir>', 'Alternate working directory (default: the directory of the first compose file)')
    .option('--env-file <path>', 'Alternate environment file (repeatable)', collect)
    .option('--profile <name>', 'Profile to enable (repeatable)', collect)
    .option('--runtime <name>', 'Container runtime: bundled (stackd) or docker (env STACK_RUNTIME)')
    .addOption(new Option('--progress <mode>', 'Progress output').choices(['auto', 'tty', 'plain', 'json', 'quiet']).default(env.COMPOSE_PROGRESS ?? 'auto'))
    .addOption(new Option('--ansi <when>', 'Control characters in output').choices(['auto', 'always', 'never']).default(env.COMPOSE_ANSI ?? 'auto'))
    .option('--parallel <n>', 'Max parallel runtime calls (-1: 4 per CPU)', parseInteger, env.COMPOSE_PARALLEL_LIMIT ? Number(env.COMPOSE_PARALLEL_LIMIT) : -1)
    .option('--dry-run', 'Show what would be done without doing it', false);
  program.exitOverride();
  program.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => {} });

  const globalOptions = (): GlobalOptions => {
    const o = program.opts();
    return {
      file: o.file ?? [],
      projectName: o.projectName,
      projectDirectory: o.projectDirectory,
      envFile: o.envFile ?? [],
      profile: o.profile ?? [],
      runtime: o.runtime,
      progress: o.progress,
      ansi: o.ansi,
      parallel: o.parallel,
      dryRun: o.dryRun,
    };
  };
  const contextFor = (): CommandContext => {
    const global = globalOptions();
    const ioWithColor: Io = {
      ...io,
      out: style(shouldColor(global.ansi, io.stdout.isTTY === true, env)),
      err: style(shouldColor(global.ansi, io.stderr.isTTY === true, env)),
    };
    return { global, io: ioWithColor, env, cwd, signal, forceSignal };
  };
  for (const spec of commandSpecs) register(program, spec, contextFor, setExit);
  return program;
}

function register(parent: Command, spec: CommandSpec, contextFor: () => CommandContext, setExit: (code: number) => void): void {
  const command = parent.command(spec.name).description(spec.summary);
  command.exitOverride();
  command.configureOutput(parent.configureOutput());
  if (spec.subcommands && spec.subcommands.length > 0) {
    for (const sub of spec.subcommands) register(command, sub, contextFor, setExit);
    return;
  }
  spec.define(command);
  command.action(async (...received: unknown[]) => {
    // commander passes the declared arguments, then the options object, then the command.
    const self = received[received.length - 1] as Command;
    const args = (received.slice(0, -2) as (string | string[] | undefined)[]).flatMap((a) => (a === undefined ? [] : a));
    const run = await spec.load();
    setExit(await run(contextFor(), args, self.opts()));
  });
}

function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CommanderError(ExitCode.Usage, 'stack.invalidInteger', `"${value}" is not an integer`);
  return n;
}

function handleFailure(error: unknown, io: Streams, env: NodeJS.ProcessEnv): number {
  if (error instanceof CommanderError) return commanderExit(error, io, env);
  const s = style(shouldColor('auto', io.stderr.isTTY === true, env));
  if (isStackError(error)) {
    io.stderr.write(reportError(error as StackError, s, env.STACK_DEBUG === '1'));
    return exitCodeFor(error.code, error.errorClass);
  }
  io.stderr.write(reportError(error, s, env.STACK_DEBUG === '1'));
  return ExitCode.Failure;
}

function commanderExit(error: CommanderError, io: Streams, env: NodeJS.ProcessEnv): number {
  // --help and --version end through exitOverride too; they are not failures.
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.Ok;
  const s = style(shouldColor('auto', io.stderr.isTTY === true, env));
  const code = error.code === 'commander.unknownCommand' ? 'STK7002' : error.code === 'commander.unknownOption' ? 'STK7001' : 'STK7003';
  const message = error.message.replace(/^error: /, '');
  io.stderr.write(`${s.red('error')} ${s.dim(code)}: ${message}\n  ${s.dim('=')} ${s.green('hint:')} run \`stack --help\` or \`stack <command> --help\` for the list\n`);
  return ExitCode.Usage;
}
