export interface WatchFilesOptions {
  /** Absolute paths: the compose files and the env files the project read. */
  readonly files: () => readonly string[];
  /** Called once per burst of changes, after the files have been quiet for `debounceMs`. */
  readonly onChange: (changed: readonly string[]) => Promise<void> | void;
  readonly debounceMs?: number;
  readonly signal: AbortSignal;
}

/**
 * Watches the stack's files with chokidar (fs.watch underneath: nothing
 * polls, an idle dashboard pays nothing) until the signal fires. An editor
 * writes a file in several steps (truncate, write, rename over it), so
 * changes are debounced and reported once, with the files that changed. The
 * set of files is read again after each change: an edit may add an env file
 * or an override. Changes that come while `onChange` runs are reported after it.
 */
export async function watchFiles(options: WatchFilesOptions): Promise<void> {
  if (options.signal.aborted) return;
  const { watch } = await import('chokidar');
  const debounceMs = options.debounceMs ?? 200;
  let watched = new Set(options.files());
  const watcher = watch([...watched], { ignoreInitial: true, persistent: true, atomic: true });
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const flush = () => {
    timer = undefined;
    if (running) return;
    const files = [...changed].sort();
    changed.clear();
    running = (async () => {
      try {
        await options.onChange(files);
      } catch {
        // onChange reports its own failures (the source turns them into a plan problem); a watcher keeps watching.
      } finally {
        running = undefined;
        const next = new Set(options.files());
        const added = [...next].filter((f) => !watched.has(f));
        const removed = [...watched].filter((f) => !next.has(f));
        if (added.length > 0) watcher.add(added);
        if (removed.length > 0) watcher.unwatch(removed);
        watched = next;
        if (changed.size > 0 && !options.signal.aborted) timer = setTimeout(flush, debounceMs);
      }
    })();
  };
  const onEvent = (path: string) => {
    changed.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  // A watch error (a directory removed under it) must not end the dashboard; the next change is still seen where it can be.
  watcher.on('change', onEvent).on('add', onEvent).on('unlink', onEvent).on('error', () => {});
  await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
  if (timer) clearTimeout(timer);
  await watcher.close();
  await running?.catch(() => undefined);
}
