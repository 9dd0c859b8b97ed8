import { memoryHost } from '../host.ts';
import { loadProject } from '../load.ts';
import type { LoadOptions, LoadResult } from '../load-options.ts';
import { Origins } from '../origins.ts';
import { parseComposeText } from '../parse.ts';

/** For tests: loads compose text held in memory (`/p/compose.yaml` by default), with an empty environment. */
export function loadMemory(files: Readonly<Record<string, string>>, options: Partial<LoadOptions> = {}): LoadResult {
  const paths = Object.keys(files).filter((p) => /\/(docker-)?compose[^/]*\.ya?ml$/.test(p) && !p.includes('override'));
  return loadProject({
    files: options.files ?? [paths[0] ?? '/p/compose.yaml'],
    env: { HOME: '/home/user' },
    cwd: '/p',
    host: memoryHost(files),
    ...options,
  });
}

/** For tests: the codes and positions of a result's diagnostics, as fixtures list them. */
export function codesOf(result: Pick<LoadResult, 'diagnostics'>): { code: string; line?: number; column?: number }[] {
  return result.diagnostics.map((d) => ({ code: d.code, ...(d.range ? { line: d.range.start.line, column: d.range.start.column } : {}) }));
}

/** For tests: one parsed document and its origin map. */
export function parseOne(text: string, file = '/p/compose.yaml'): { document: Record<string, unknown>; origins: Origins; diagnostics: ReturnType<typeof parseComposeText>['diagnostics'] } {
  const origins = new Origins();
  const parsed = parseComposeText(text, file, origins);
  return { document: parsed.documents[0] ?? {}, origins, diagnostics: parsed.diagnostics };
}
