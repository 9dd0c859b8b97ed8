import type { CodeTable } from './types.ts';

/** STK54xx: Volumes in the bundled runtime. Add new codes at the end; never renumber. */
export const volumesCodes: CodeTable = {
};
