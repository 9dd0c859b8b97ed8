import { render } from 'ink';
import { DashboardController } from '../dashboard-controller.ts';
import type { DashboardActions, DashboardSource } from '../dashboard-source.ts';
import { initialDashboardState } from '../dashboard-state.ts';
import { createDashboardStore } from '../dashboard-store.ts';
import { DashboardApp } from './DashboardApp.tsx';

export interface RunDashboardOptions {
  readonly source: DashboardSource;
  readonly actions: DashboardActions;
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly color: boolean;
  /** Quits the dashboard (SIGTERM, the CLI's first Ctrl+C when keys are not raw). */
  readonly signal?: AbortSignal;
  /** Lines of history loaded into the log pane when it opens. @default 200 */
  readonly logTail?: number;
  /** Redraws per second at most; a chatty log costs no more than this. @default 10 */
  readonly maxFps?: number;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Called once the first snapshot is in (benchmarks and tests start measuring then). */
  readonly onReady?: () => void;
  /** Called after each frame Ink draws, with the milliseconds it took to lay it out and draw it (benchmarks). */
  readonly onFrame?: (renderMs: number) => void;
}

// The alternate screen keeps the user's scrollback intact; the cursor is hidden while we draw.
const enterScreen = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l';
const leaveScreen = '\x1b[?25h\x1b[?1049l';

/**
 * `stack dashboard`: full screen until `q`. Resolves with the exit code once
 * the terminal is restored (main screen back, cursor shown, raw mode off),
 * whatever way it ends: a key, the signal, or an error in a component.
 */
export async function runDashboard(options: RunDashboardOptions): Promise<number> {
  const store = createDashboardStore(initialDashboardState());
  const controller = new DashboardController({ source: options.source, actions: options.actions, store, clock: options.clock, ...(options.logTail !== undefined ? { logTail: options.logTail } : {}) });
  const { stdout } = options;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(leaveScreen);
  };
  // If the process dies anyway, still give the terminal back.
  process.once('exit', restore);
  const onAbort = () => store.dispatch({ type: 'ui.quit' });
  options.signal?.addEventListener('abort', onAbort, { once: true });
  stdout.write(enterScreen);
  const instance = render(<DashboardApp store={store} controller={controller} color={options.color} />, {
    stdout,
    stdin: options.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: options.maxFps ?? 10,
    // Not Ink's incremental mode: in ink 6.8 it moves the cursor one line short after a frame that
    // ends with a newline (ours do), so every redraw lands a row lower. The standard mode erases and
    // rewrites the frame inside a synchronized update, which terminals show without flicker.
    onRender: options.onFrame ? ({ renderTime }) => options.onFrame?.(renderTime) : undefined,
  });
  try {
    if (options.signal?.aborted) onAbort();
    await controller.start();
    options.onReady?.();
    await instance.waitUntilExit();
    return 0;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await controller.close();
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    restore();
    process.off('exit', restore);
  }
}
