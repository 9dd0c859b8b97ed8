import type { CodeTable } from './types.ts';

/** STK50xx: Runtime client: reaching and driving an engine (Docker or stackd). Add new codes at the end; never renumber. */
export const runtimeCodes: CodeTable = {
  STK5099: { name: 'Canceled', summary: 'The operation was canceled (Ctrl+C or a deadline).' },
};
