import type { HealthResult, HealthState } from './container-record.ts';
import { applyHealthResult, nextProbeDelay, type HealthProbe } from './health.ts';

/** What the supervisor asks of the container manager. */
export interface SupervisorHooks {
  /** Runs a probe command in the container; exit -1 on timeout, as Docker reports it. */
  probe(id: string, command: readonly string[], timeoutMs: number): Promise<{ exitCode: number; output: string }>;
  /** The container's current health and whether probes should run now (running, not paused). */
  current(id: string): { health: HealthState | undefined; startedAtMs: number; probing: boolean } | undefined;
  /** Records a new health state (persist, fire health_status when the status changed). */
  update(id: string, health: HealthState): Promise<void>;
  /** A policy restart is due. */
  restart(id: string): Promise<void>;
  onError(id: string, what: string, error: unknown): void;
}

/**
 * Timers for the two things a daemon does on its own: restarting containers
 * by policy after their back-off, and running health probes on their
 * interval. It only keeps time; every decision is pure (restart-policy.ts,
 * health.ts) and every effect goes through the hooks, under the
 * manager's per-container lock.
 */
export class Supervisor implements Disposable {
  readonly #hooks: SupervisorHooks;
  readonly #restarts = new Map<string, NodeJS.Timeout>();
  readonly #health = new Map<string, { timer: NodeJS.Timeout | undefined; probe: HealthProbe; generation: number }>();
  #generation = 0;

  constructor(hooks: SupervisorHooks) {
    this.#hooks = hooks;
  }

  scheduleRestart(id: string, delayMs: number): void {
    this.cancelRestart(id);
    const timer = setTimeout(() => {
      this.#restarts.delete(id);
      this.#hooks.restart(id).catch((error: unknown) => this.#hooks.onError(id, 'restart', error));
    }, delayMs);
    this.#restarts.set(id, timer);
  }

  cancelRestart(id: string): void {
    const timer = this.#restarts.get(id);
    if (timer) clearTimeout(timer);
    this.#restarts.delete(id);
  }

  hasPendingRestart(id: string): boolean {
    return this.#restarts.has(id);
  }

  /** Starts probing a container that has just started (or was re-adopted). */
  startHealth(id: string, probe: HealthProbe): void {
    this.stopHealth(id);
    this.#generation += 1;
    const slot = { timer: undefined as NodeJS.Timeout | undefined, probe, generation: this.#generation };
    this.#health.set(id, slot);
    this.#scheduleProbe(id, slot);
  }

  stopHealth(id: string): void {
    const slot = this.#health.get(id);
    if (slot?.timer) clearTimeout(slot.timer);
    this.#health.delete(id);
  }

  #scheduleProbe(id: string, slot: { timer: NodeJS.Timeout | undefined; probe: HealthProbe; generation: number }): void {
    const current = this.#hooks.current(id);
    if (!current) return;
    const health = current.health ?? { Status: 'starting' as const, FailingStreak: 0, Log: [] };
    const delay = nextProbeDelay(health, slot.probe, current.startedAtMs, Date.now());
    slot.timer = setTimeout(() => void this.#runProbe(id, slot), delay);
  }

  async #runProbe(id: string, slot: { timer: NodeJS.Timeout | undefined; probe: HealthProbe; generation: number }): Promise<void> {
    const stillOurs = (): boolean => this.#health.get(id)?.generation === slot.generation;
    try {
      const before = this.#hooks.current(id);
      if (!before || !stillOurs()) return;
      if (before.probing) {
        const start = new Date();
        const { exitCode, output } = await this.#hooks.probe(id, slot.probe.command, slot.probe.timeoutMs);
        const result: HealthResult = {
          Start: start.toISOString(),
          End: new Date().toISOString(),
          ExitCode: exitCode,
          Output: exitCode === -1 ? `Health check exceeded timeout (${slot.probe.timeoutMs / 1000}s)` : output,
        };
        const now = this.#hooks.current(id);
        if (!now || !stillOurs() || !now.probing) return;
        const next = applyHealthResult(now.health ?? { Status: 'starting', FailingStreak: 0, Log: [] }, result, slot.probe, now.startedAtMs);
        await this.#hooks.update(id, next);
      }
    } catch (error) {
      this.#hooks.onError(id, 'health check', error);
    }
    if (stillOurs()) this.#scheduleProbe(id, slot);
  }

  [Symbol.dispose](): void {
    for (const timer of this.#restarts.values()) clearTimeout(timer);
    this.#restarts.clear();
    for (const slot of this.#health.values()) if (slot.timer) clearTimeout(slot.timer);
    this.#health.clear();
  }
}
