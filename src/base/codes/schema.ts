import type { CodeTable } from './types.ts';

/** STK2xxx: Schema validation: types, unknown keys, value formats. Add new codes at the end; never renumber. */
export const schemaCodes: CodeTable = {
};
