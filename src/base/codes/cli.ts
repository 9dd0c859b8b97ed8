import type { CodeTable } from './types.ts';

/** STK7xxx: Command line: usage, flags, arguments. Add new codes at the end; never renumber. */
export const cliCodes: CodeTable = {
  STK7001: { name: 'UnknownOption', summary: 'A flag that the command does not have, or a flag without its value.' },
  STK7002: { name: 'UnknownCommand', summary: 'A command that stack does not have.' },
  STK7003: { name: 'BadArgument', summary: 'An argument or flag value that is not valid for the command.' },
  STK7004: { name: 'DiagnosticsReported', summary: 'The compose files have errors; they were printed above.' },
  STK7005: { name: 'UnknownRuntime', summary: 'The runtime named by `--runtime` or STACK_RUNTIME is not one stack has (docker, bundled).' },
  STK7006: { name: 'RuntimeNotAvailable', summary: 'The runtime asked for cannot be used yet by this build of stack.' },
  STK7007: { name: 'ConflictingFlags', summary: 'Two flags were given that cannot be used together (`-d` with `--abort-on-container-exit`...).' },
  STK7008: { name: 'NeedsTerminal', summary: 'A full-screen view (`stack dashboard`, `up --dashboard`) was asked for without a terminal on stdin and stdout.' },
};
