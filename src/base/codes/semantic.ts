import type { CodeTable } from './types.ts';

/** STK3xxx: Semantics after the schema: references, cycles, conflicts, extends/include. Add new codes at the end; never renumber. */
export const semanticCodes: CodeTable = {
};
