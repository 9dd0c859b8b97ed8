import type { CodeTable } from './types.ts';

/** STK53xx: stackd itself: lifecycle, state, the Docker API it serves. Add new codes at the end; never renumber. */
export const daemonCodes: CodeTable = {
};
