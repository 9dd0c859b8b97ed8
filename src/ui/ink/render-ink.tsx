import { render } from 'ink';
import type { EngineEvent } from '../../engine/events.ts';
import type { ProgressRenderer } from '../progress-renderer.ts';
import { createProgressStore } from '../progress-store.ts';
import { ProgressApp } from './ProgressApp.tsx';

export interface InkRendererOptions {
  /** The terminal progress goes to (Compose uses stderr, so stdout stays for logs and output). */
  readonly stdout: NodeJS.WriteStream;
  readonly color: boolean;
  /** Redraws per second at most: a pull's byte counts never cost more than this. @default 15 */
  readonly maxFps?: number;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Where `print` writes (the logs of an attached `up`, on stdout while the progress is on stderr). @default process.stdout */
  readonly log?: NodeJS.WriteStream;
}

/**
 * `--progress tty`: the live tree in Ink. Events go to a store; Ink redraws
 * the live region at most `maxFps` times a second and prints finished rows
 * once, above it. `close()` settles what is left and leaves the final frame
 * on the terminal with the cursor shown.
 */
export function createInkProgressRenderer(options: InkRendererOptions): ProgressRenderer {
  const store = createProgressStore();
  const printer: { current?: (text: string) => void } = {};
  const instance = render(<ProgressApp store={store} color={options.color} clock={options.clock} printer={printer} />, {
    stdout: options.stdout,
    // Ink writes what a component prints to its `stderr` between erasing and redrawing the live region:
    // pointed at the log stream, that is `print`.
    stderr: options.log ?? process.stdout,
    // Progress never reads keys; Ctrl+C stays a signal for the CLI.
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: options.maxFps ?? 15,
  });
  let closed = false;
  let unmounted = false;
  return {
    handle(event: EngineEvent) {
      if (!closed) store.dispatch(event);
    },
    print(text: string) {
      // Until Ink lets go of the terminal, it prints the text between erasing and redrawing its frame.
      if (!unmounted && printer.current) printer.current(text);
      else (options.log ?? process.stdout).write(text);
    },
    async close() {
      if (closed) return;
      closed = true;
      store.dispatch({ type: 'renderer.closed', at: store.getSnapshot().lastAt });
      // React commits store updates on its own schedule: let it, so the last frame is the last state.
      await new Promise<void>((resolve) => setImmediate(resolve));
      unmounted = true;
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
