import type { CodeTable } from './types.ts';

/** STK4xxx: Planning. Add new codes at the end; never renumber. */
export const planCodes: CodeTable = {
};
