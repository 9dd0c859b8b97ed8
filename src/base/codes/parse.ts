import type { CodeTable } from './types.ts';

/** STK1xxx: YAML and file reading: syntax, encoding, unreadable or missing files, interpolation. Add new codes at the end; never renumber. */
export const parseCodes: CodeTable = {
};
