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
    .configureHelp({ showGlobalOptions: true });
  for (const flag of globalFlags(env)) program.addOption(globalOption(flag, flag.flags, true));
  program.exitOverride();
  program.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => {} });

  /** The program's flags, overridden by the same flags given after the command (`stack up --progress plain`). */
  const globalOptions = (command: Command): GlobalOptions => {
    const o = { ...program.opts() };
    const local = command.opts();
    for (const key of GLOBAL_KEYS) {
      const value = local[key];
      if (value === undefined) continue;
      o[key] = Array.isArray(value) ? [...((o[key] as string[] | undefined) ?? []), ...value] : value;
    }
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
  const contextFor = (command: Command): CommandContext => {
    const global = globalOptions(command);
    const ioWithColor: Io = {
      ...io,
      out: style(shouldColor(global.ansi, io.stdout.isTTY === true, env)),
      err: style(shouldColor(global.ansi, io.stderr.isTTY === true, env)),
    };
    return { global, io: ioWithColor, env, cwd, signal, forceSignal };
  };
  for (const spec of commandSpecs) register(program, spec, contextFor, setExit, env);
  return program;
}

function register(parent: Command, spec: CommandSpec, contextFor: (command: Command) => CommandContext, setExit: (code: number) => void, env: NodeJS.ProcessEnv): void {
  const command = parent.command(spec.name).description(spec.summary);
  command.exitOverride();
  command.configureOutput(parent.configureOutput());
  if (spec.subcommands && spec.subcommands.length > 0) {
    for (const sub of spec.subcommands) register(command, sub, contextFor, setExit, env);
    return;
  }
  spec.define(command);
  acceptGlobalOptions(command, env);
  command.action(async (...received: unknown[]) => {
    // commander passes the declared arguments, then the options object, then the command.
    const self = received[received.length - 1] as Command;
    const args = (received.slice(0, -2) as (string | string[] | undefined)[]).flatMap((a) => (a === undefined ? [] : a));
    const run = await spec.load();
    setExit(await run(contextFor(self), args, self.opts()));
  });
}

/** The attribute names of the global flags, as commander stores them. */
const GLOBAL_KEYS = ['file', 'projectName', 'projectDirectory', 'envFile', 'profile', 'runtime', 'progress', 'ansi', 'parallel', 'dryRun'] as const;

/** One global flag: its commander flags and help, how to parse it, and its default on the program. */
interface GlobalFlag {
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  /** collect (repeatable flags) or parseInteger. */
  readonly parse?: typeof collect | typeof parseInteger;
  readonly fallback?: unknown;
}

/** The global flags, as `docker compose` has them. */
function globalFlags(env: NodeJS.ProcessEnv): GlobalFlag[] {
  return [
    { flags: '-f, --file <path>', description: 'Compose file (repeatable; - reads stdin)', parse: collect },
    { flags: '-p, --project-name <name>', description: 'Project name' },
    { flags: '--project-directory <dir>', description: 'Alternate working directory (default: the directory of the first compose file)' },
    { flags: '--env-file <path>', description: 'Alternate environment file (repeatable)', parse: collect },
    { flags: '--profile <name>', description: 'Profile to enable (repeatable)', parse: collect },
    { flags: '--runtime <name>', description: 'Container runtime: bundled (stackd) or docker (env STACK_RUNTIME)' },
    { flags: '--progress <mode>', description: 'Progress output', choices: ['auto', 'tty', 'plain', 'json', 'quiet'], fallback: env.COMPOSE_PROGRESS ?? 'auto' },
    { flags: '--ansi <when>', description: 'Control characters in output', choices: ['auto', 'always', 'never'], fallback: env.COMPOSE_ANSI ?? 'auto' },
    { flags: '--parallel <n>', description: 'Max parallel runtime calls (-1: 4 per CPU)', parse: parseInteger, fallback: env.COMPOSE_PARALLEL_LIMIT ? Number(env.COMPOSE_PARALLEL_LIMIT) : -1 },
    { flags: '--dry-run', description: 'Show what would be done without doing it', fallback: false },
  ];
}

/** A fresh Option for a global flag: with its default on the program, without on a command (so "not given" shows). */
function globalOption(flag: GlobalFlag, flags: string, onProgram: boolean): Option {
  const option = new Option(flags, flag.description);
  if (flag.choices) option.choices(flag.choices);
  // commander types a parser as (value, previous: T) => T; ours take what they are given.
  if (flag.parse) option.argParser(flag.parse as (value: string, previous: unknown) => unknown);
  if (onProgram && flag.fallback !== undefined) option.default(flag.fallback);
  return option;
}

/**
 * Lets a command take the global flags after its name too, as `docker
 * compose` does (`stack up --progress plain`), hidden from its help (they
 * are listed as global options). A command's own flags win: `logs -f` is
 * --follow, so there only `--file` is global.
 */
function acceptGlobalOptions(command: Command, env: NodeJS.ProcessEnv): void {
  const taken = new Set(command.options.flatMap((o) => [o.short, o.long].filter((f): f is string => f !== undefined)));
  for (const flag of globalFlags(env)) {
    const [short, long] = flag.flags.startsWith('-') && !flag.flags.startsWith('--') ? [flag.flags.slice(0, 2), flag.flags.slice(4).split(' ')[0]] : [undefined, flag.flags.split(' ')[0]];
    if (long === undefined || taken.has(long)) continue;
    const flags = short !== undefined && !taken.has(short) ? flag.flags : flag.flags.replace(/^-\w, /, '');
    command.addOption(globalOption(flag, flags, false).hideHelp());
  }
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
