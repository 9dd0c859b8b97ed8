/** The spawner: stackd's short-lived tools forked from a small Perl helper. See spawner-script.ts. */
export { Spawner, parseFields } from './spawner.ts';
