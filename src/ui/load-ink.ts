/** The Ink side of src/ui, as its door exports it. */
export type InkModule = typeof import('./ink/index.ts');

/**
 * Imports the Ink views. React's development build checks every element and
 * is several times slower; a CLI is never React's development, so unless the
 * environment says otherwise, React is loaded in its production build (it
 * reads NODE_ENV once, when first imported).
 */
export async function loadInk(): Promise<InkModule> {
  process.env.NODE_ENV ??= 'production';
  return import('./ink/index.ts');
}
