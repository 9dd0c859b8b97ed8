import type { CodeTable } from './types.ts';

/** STK9xxx: Internal: bugs in stack. Add new codes at the end; never renumber. */
export const internalCodes: CodeTable = {
  STK9001: { name: 'Internal', summary: 'A bug in stack: an invariant did not hold. Please report it.' },
};
