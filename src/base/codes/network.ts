import type { CodeTable } from './types.ts';

/** STK6xxx: Networking: bridges, addresses, ports, DNS. Add new codes at the end; never renumber. */
export const networkCodes: CodeTable = {
};
