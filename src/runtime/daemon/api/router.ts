import { StackError } from '../../../base/index.ts';
import type { Exchange } from './exchange.ts';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/** A handler gets the exchange and the pattern's captured groups (already percent-decoded). */
export type Handler = (x: Exchange, params: readonly string[]) => Promise<void> | void;

export interface Route {
  readonly method: Method | readonly Method[];
  readonly pattern: RegExp;
  readonly handler: Handler;
}

export function route(method: Method | readonly Method[], pattern: RegExp, handler: Handler): Route {
  return { method, pattern, handler };
}

/** First match wins; HEAD falls back to GET (the body is dropped by the exchange). */
export function findRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const candidate of [method, ...(method === 'HEAD' ? ['GET'] : [])]) {
    for (const r of routes) {
      const methods = typeof r.method === 'string' ? [r.method] : r.method;
      if (!methods.includes(candidate as Method)) continue;
      const m = r.pattern.exec(path);
      if (m) return { route: r, params: m.slice(1).map((p) => p ?? '') };
    }
  }
  return undefined;
}

export function unsupported(method: string, path: string): StackError {
  return new StackError({
    code: 'STK5306',
    errorClass: 'NotFound',
    message: `${method} ${path} is not supported by stackd (the bundled runtime serves the Docker API subset that the docker CLI, docker-compose and stack use)`,
    hint: 'Use Docker (--runtime docker) for this operation.',
  });
}
