import type { CodeTable } from './types.ts';

/** STK7xxx: Command line: usage, flags, arguments. Add new codes at the end; never renumber. */
export const cliCodes: CodeTable = {
  STK7001: { name: 'UnknownOption', summary: 'A flag that the command does not have, or a flag without its value.' },
  STK7002: { name: 'UnknownCommand', summary: 'A command that stack does not have.' },
  STK7003: { name: 'BadArgument', summary: 'An argument or flag value that is not valid for the command.' },
  STK7004: { name: 'DiagnosticsReported', summary: 'The compose files have errors; they were printed above.' },
};
