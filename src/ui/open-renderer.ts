import { loadInk } from './load-ink.ts';
import type { ProgressRenderer } from './progress-renderer.ts';
import { createQuietRenderer } from './progress-renderer.ts';
import { createJsonRenderer } from './render-json.ts';
import { createPlainRenderer } from './render-plain.ts';
import type { RendererChoice } from './select-renderer.ts';

/**
 * Makes the renderer selectRenderer chose, writing to `out` (and, for the
 * live tree, printing `print`'s text to `log`, stdout by default). Only the live
 * tree needs Ink and React, and only it imports them, lazily: a piped or CI
 * run never loads them.
 */
export async function openRenderer(choice: RendererChoice, out: NodeJS.WriteStream, log?: NodeJS.WriteStream): Promise<ProgressRenderer> {
  switch (choice.kind) {
    case 'quiet':
      return createQuietRenderer();
    case 'json':
      return createJsonRenderer({ out });
    case 'plain':
      return createPlainRenderer({ out, color: choice.color });
    case 'tty': {
      const ink = await loadInk({ color: choice.color });
      return ink.createInkProgressRenderer({ stdout: out, color: choice.color, ...(log ? { log } : {}) });
    }
  }
}
