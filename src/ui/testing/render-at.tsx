import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';

/**
 * ink-testing-library's render at a given terminal width: its fake stdout
 * says 100 columns, and Ink reads the width on every layout, so the width is
 * set before the tree is mounted (an empty tree first).
 */
export function renderAt(columns: number, tree: ReactElement): ReturnType<typeof render> {
  const instance = render(<></>);
  Object.defineProperty(instance.stdout, 'columns', { get: () => columns, configurable: true });
  instance.rerender(tree);
  return instance;
}
