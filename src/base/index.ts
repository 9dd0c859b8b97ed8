export * from './errors.ts';
export * from './diagnostics.ts';
export * from './format-diagnostics.ts';
export * from './style.ts';
export * from './canonical-json.ts';
export * from './emitter.ts';
export * from './sort.ts';
export { codes, codeInfo, type CodeInfo, type CodeTable } from './codes/index.ts';
export * from './process-runner.ts';
