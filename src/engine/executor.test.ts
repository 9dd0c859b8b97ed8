import { describe, expect, it } from 'vitest';
import { StackError } from '../base/index.ts';
import type { EngineEvent } from './events.ts';
import { executePlan, type ExecutableNode, type NodeContext, type NodeOutcome } from './executor.ts';

/**
 * The executor with an in-memory runner. Why not a real runtime: these
 * tests need a step to fail, hang until canceled, or overlap with others on
 * cue, at a chosen node, which a real engine cannot be made to do on demand.
 */

type Step = { readonly fail?: boolean; readonly hang?: boolean };

function node(id: number, dependsOn: number[] = [], action: Step = {}): ExecutableNode<Step> {
  return { id, resource: `service:s${id}#1`, action, dependsOn, cause: 'test' };
}

function run(nodes: ExecutableNode<Step>[], options: { concurrency?: number; signal?: AbortSignal; onRun?: (id: number, context: NodeContext) => Promise<void> | void } = {}) {
  const events: EngineEvent[] = [];
  const order: number[] = [];
  const report = executePlan({
    nodes,
    concurrency: options.concurrency ?? 0,
    ...(options.signal ? { signal: options.signal } : {}),
    emit: (e) => events.push(e),
    now: () => 0,
    describe: (n) => ({ resource: { id: n.resource, kind: 'container', name: `s${n.id}` }, verb: 'start' }),
    run: async (n, context): Promise<NodeOutcome> => {
      order.push(n.id);
      await options.onRun?.(n.id, context);
      if (n.action.hang) {
        await new Promise((_, reject) => {
          const cancel = () => reject(new StackError({ code: 'STK5099', errorClass: 'Canceled', message: 'canceled' }));
          if (context.signal.aborted) cancel();
          else context.signal.addEventListener('abort', cancel);
        });
      }
      if (n.action.fail) throw new StackError({ code: 'STK5016', errorClass: 'FailedPrecondition', message: `s${n.id} broke`, hint: 'fix it' });
      return { status: 'Done', value: `v${n.id}` };
    },
  });
  return { report, events, order };
}

/** Every started node ends exactly once (succeeded, failed or skipped), and nothing ends without starting unless skipped. */
function checkPairs(events: readonly EngineEvent[]): void {
  const started = new Set<number>();
  const ended = new Map<number, number>();
  for (const e of events) {
    if (e.type === 'action.started') started.add(e.node);
    if (e.type === 'action.succeeded' || e.type === 'action.failed' || e.type === 'action.skipped') ended.set(e.node, (ended.get(e.node) ?? 0) + 1);
  }
  for (const id of started) expect(ended.get(id), `node ${id} ends once`).toBe(1);
  for (const [id, count] of ended) expect(count, `node ${id} ends once`).toBe(1);
}

describe('executePlan', () => {
  it('runs a node only after everything it depends on succeeded, and passes results on', async () => {
    const seen: string[] = [];
    const { report, events, order } = run([node(1), node(2, [1]), node(3, [1, 2])], {
      onRun: (id, context) => {
        if (id === 3) seen.push(...[...context.results.values()].map((r) => r.value ?? ''));
      },
    });
    const done = await report;
    expect(order).toEqual([1, 2, 3]);
    expect(seen).toEqual(['v1', 'v2']);
    expect(done).toMatchObject({ succeeded: 3, skipped: 0, canceled: false });
    checkPairs(events);
  });

  it('skips every node downstream of a failure, names the failed step, and runs the independent branch', async () => {
    const { report, events } = run([node(1, [], { fail: true }), node(2, [1]), node(3, [2]), node(4)]);
    const done = await report;
    expect(done.succeeded).toBe(1);
    expect(done.failed.map((f) => [f.node, f.error.code])).toEqual([[1, 'STK5016']]);
    expect(done.skipped).toBe(2);
    const skipped = events.filter((e) => e.type === 'action.skipped');
    expect(skipped.map((e) => (e.type === 'action.skipped' ? [e.node, e.reason] : []))).toEqual([
      [2, 's1 failed'],
      [3, 's1 failed'],
    ]);
    const failed = events.find((e) => e.type === 'action.failed');
    expect(failed?.type === 'action.failed' ? failed.error : undefined).toEqual({ code: 'STK5016', message: 's1 broke', hint: 'fix it' });
    checkPairs(events);
  });

  it('never runs more than `concurrency` nodes at once', async () => {
    let running = 0;
    let most = 0;
    const { report } = run(
      Array.from({ length: 8 }, (_, i) => node(i + 1)),
      {
        concurrency: 3,
        onRun: async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
        },
      },
    );
    expect((await report).succeeded).toBe(8);
    expect(most).toBe(3);
  });

  it('runs waiting nodes outside the limit, so a slow wait never holds up the work', async () => {
    const release: (() => void)[] = [];
    const ran: number[] = [];
    const events: EngineEvent[] = [];
    const report = executePlan<Step & { wait?: boolean }>({
      nodes: [
        { ...node(1), action: { wait: true } },
        { ...node(2), action: { wait: true } },
        node(3),
      ],
      concurrency: 1,
      unlimited: (n) => n.action.wait === true,
      emit: (e) => events.push(e),
      describe: (n) => ({ resource: { id: n.resource, kind: 'service', name: `s${n.id}` }, verb: 'wait' }),
      run: async (n) => {
        ran.push(n.id);
        if (n.action.wait) await new Promise<void>((resolve) => release.push(resolve));
        else for (const r of release) r();
        return { status: 'Done' };
      },
    });
    expect((await report).succeeded).toBe(3);
    expect(ran).toEqual([1, 2, 3]);
  });

  it('prefers deeper ready nodes: a container starts before the next one is created', async () => {
    const { report, order } = run([node(1), node(2), node(3, [1]), node(4, [2])], { concurrency: 1 });
    await report;
    expect(order).toEqual([1, 3, 2, 4]);
  });

  it('runs independent nodes at once when unbounded', async () => {
    let running = 0;
    let most = 0;
    const { report } = run([node(1), node(2), node(3), node(4, [1, 2, 3])], {
      onRun: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
      },
    });
    await report;
    expect(most).toBe(3);
  });

  it('on cancel, starts nothing new, lets the running node see the signal, and returns once it settled', async () => {
    const controller = new AbortController();
    const { report, events } = run([node(1, [], { hang: true }), node(2, [1]), node(3, [2])], {
      signal: controller.signal,
      onRun: (id) => {
        if (id === 1) queueMicrotask(() => controller.abort());
      },
    });
    const done = await report;
    expect(done).toMatchObject({ canceled: true, succeeded: 0, failed: [], skipped: 3 });
    expect(events.filter((e) => e.type === 'action.started').map((e) => (e.type === 'action.started' ? e.node : 0))).toEqual([1]);
    expect(events.filter((e) => e.type === 'action.skipped').map((e) => (e.type === 'action.skipped' ? e.reason : ''))).toEqual(['canceled', 'canceled', 'canceled']);
    checkPairs(events);
  });

  it('reports a non-stack error as an internal one (a bug), never raw', async () => {
    const events: EngineEvent[] = [];
    const done = await executePlan<Step>({
      nodes: [node(1)],
      emit: (e) => events.push(e),
      describe: (n) => ({ resource: { id: n.resource, kind: 'container', name: 'x' }, verb: 'create' }),
      run: async () => {
        throw new TypeError('undefined is not a function');
      },
    });
    expect(done.failed[0]?.error.code).toBe('STK9001');
  });
});
