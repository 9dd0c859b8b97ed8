/** Replaced at build time by the version in package.json (scripts/build.mjs defines it). */
declare const __STACK_VERSION__: string | undefined;

export const STACKD_VERSION: string = typeof __STACK_VERSION__ === 'string' ? __STACK_VERSION__ : '0.0.0-dev';
