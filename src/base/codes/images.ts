import type { CodeTable } from './types.ts';

/** STK51xx: Images in the bundled runtime: store, import, load, save, unpack. Add new codes at the end; never renumber. */
export const imagesCodes: CodeTable = {
};
