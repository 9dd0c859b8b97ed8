import type { CodeTable } from './types.ts';

/** STK52xx: Containers in the bundled runtime: bundles, runc/conmon, supervision, exec, logs. Add new codes at the end; never renumber. */
export const containersCodes: CodeTable = {
};
