import type { Diagnostic } from '../base/index.ts';
import { errorAt, relatedAt } from './diagnostic.ts';
import { mergeService } from './merge.ts';
import { isRecord, put, type Origin, type Origins } from './origins.ts';
import { resolvePath, resolveServicePaths } from './paths.ts';

export interface ExtendsContext {
  readonly origins: Origins;
  readonly home: string;
  /** The directory a file's relative references start from (stdin: the current directory). */
  directoryOf(file: string): string;
  /**
   * The canonical model of another compose file, loaded like any other
   * (parsed, interpolated, validated); undefined when it could not be
   * loaded, in which case the loader has reported why.
   */
  loadFile(path: string, from: Origin | undefined): Record<string, unknown> | undefined;
}

interface Frame {
  readonly file: string;
  readonly service: string;
  readonly origin: Origin | undefined;
}

/**
 * Resolves `extends` in every service of one file: the base service (from
 * the same file or from `file:`, itself possibly extending another) is
 * merged under the service with the merge rules of override files. Paths of
 * a base from another file are made absolute against that file's directory.
 * Chains are followed; a cycle is an error that names it.
 */
export function applyExtends(document: Record<string, unknown>, file: string, ctx: ExtendsContext): { document: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const services = document.services;
  const diagnostics: Diagnostic[] = [];
  if (!isRecord(services) || !Object.values(services).some((s) => isRecord(s) && s.extends !== undefined)) return { document, diagnostics };
  const memo = new Map<string, unknown>();
  const resolver = new Resolver(ctx, diagnostics, memo);
  const outServices: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(services)) {
    put(outServices, name, resolver.resolve(file, document, name, []) ?? service);
    ctx.origins.copy(services, name, outServices);
  }
  ctx.origins.copySelf(services, outServices);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) put(out, key, key === 'services' ? outServices : value);
  ctx.origins.copyAll(document, out);
  return { document: out, diagnostics };
}

class Resolver {
  readonly #ctx: ExtendsContext;
  readonly #diagnostics: Diagnostic[];
  readonly #memo: Map<string, unknown>;
  readonly #cycles = new Set<string>();

  constructor(ctx: ExtendsContext, diagnostics: Diagnostic[], memo: Map<string, unknown>) {
    this.#ctx = ctx;
    this.#diagnostics = diagnostics;
    this.#memo = memo;
  }

  /** The service with its extends chain applied, or undefined when it does not exist. */
  resolve(file: string, document: Record<string, unknown>, name: string, stack: readonly Frame[]): unknown {
    const key = `${file}\0${name}`;
    if (this.#memo.has(key)) return this.#memo.get(key);
    const services = document.services;
    if (!isRecord(services) || !Object.prototype.hasOwnProperty.call(services, name)) return undefined;
    const service = services[name];
    if (!isRecord(service) || !isRecord(service.extends)) {
      this.#memo.set(key, service);
      return service;
    }
    const { origins } = this.#ctx;
    const ext = service.extends;
    const extOrigin = origins.get(service, 'extends');
    const here: Frame = { file, service: name, origin: extOrigin };
    const baseName = typeof ext.service === 'string' ? ext.service : undefined;
    const withoutExtends = omit(service, 'extends', origins);
    if (baseName === undefined) return withoutExtends; // the schema reports the missing `service`
    let baseFile = file;
    let baseDocument: Record<string, unknown> | undefined = document;
    if (typeof ext.file === 'string') {
      baseFile = resolvePath(ext.file, { baseDir: this.#ctx.directoryOf(file), home: this.#ctx.home });
      baseDocument = baseFile === file ? document : this.#ctx.loadFile(baseFile, origins.get(ext, 'file') ?? extOrigin);
      if (!baseDocument) return withoutExtends;
    }
    const cycleAt = stack.findIndex((f) => f.file === baseFile && f.service === baseName);
    if (cycleAt >= 0 || (baseFile === file && baseName === name)) {
      const chain = [...stack.slice(Math.max(cycleAt, 0)), here].map((f) => f.service);
      const cycleKey = [...chain].sort().join('\0');
      if (this.#cycles.has(cycleKey)) return withoutExtends;
      this.#cycles.add(cycleKey);
      this.#diagnostics.push(
        errorAt({
          code: 'STK3007',
          message: `extends cycle: ${[...chain, baseName].join(' -> ')}`,
          at: origins.get(ext, 'service') ?? extOrigin,
          part: 'value',
          hint: 'break the cycle: a service can extend another, but not one that (indirectly) extends it',
          related: stack.slice(Math.max(cycleAt, 0)).map((f) => relatedAt(`service "${f.service}" extends from here`, f.origin)),
        }),
      );
      return withoutExtends;
    }
    let base = this.resolve(baseFile, baseDocument, baseName, [...stack, here]);
    if (base === undefined) {
      this.#diagnostics.push(
        errorAt({
          code: 'STK3001',
          message: `service "${name}" extends service "${baseName}", which is not defined${baseFile !== file ? ` in ${baseFile}` : ''}`,
          at: origins.get(ext, 'service') ?? extOrigin,
          part: 'value',
          hint: `define "${baseName}" under services:${baseFile !== file ? ` in ${baseFile}` : ''}, or fix the name`,
        }),
      );
      return withoutExtends;
    }
    if (baseFile !== file) base = resolveServicePaths(base, { baseDir: this.#ctx.directoryOf(baseFile), home: this.#ctx.home, origins });
    const merged = mergeService(base, withoutExtends, origins);
    this.#memo.set(key, merged);
    return merged;
  }
}

function omit(record: Record<string, unknown>, key: string, origins: Origins): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (k !== key) put(out, k, v);
  origins.copyAll(record, out);
  return out;
}
