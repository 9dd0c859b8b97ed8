/** Replaced at build time by the version in package.json. */
declare const __STACK_VERSION__: string | undefined;

export const VERSION: string = typeof __STACK_VERSION__ === 'string' ? __STACK_VERSION__ : '0.0.0-dev';
