import { availableParallelism } from 'node:os';
import type { EngineNode } from './engine-actions.ts';

/**
 * How many runtime calls run at once. `--parallel n` says; without it (-1)
 * four per CPU: a daemon on a small host creates and starts containers
 * slower when given everything at once (50 creates at once on 2 cores took
 * 11-13 s against 7-9 s in batches of 4 to 16; bench/up).
 */
export function callConcurrency(parallel: number): number {
  return parallel > 0 ? parallel : Math.max(4, 4 * availableParallelism());
}

/** Waits observe; they hold no slot, so a slow health check never holds up other work. */
export function isWaitNode(node: EngineNode): boolean {
  return node.action.kind === 'awaitCondition' || node.action.kind === 'awaitReady';
}
