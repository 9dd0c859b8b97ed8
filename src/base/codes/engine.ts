import type { CodeTable } from './types.ts';

/**
 * STK45xx: the engine carrying out plans (waits, readiness, commands that need a container).
 * Part of the 4xxx band, apart from the planner's own codes (40xx), which each have a golden plan.
 * Add new codes at the end; never renumber.
 */
export const engineCodes: CodeTable = {
  STK4501: { name: 'DependencyUnhealthy', summary: 'A service that others wait for (service_healthy, or `up --wait`) became unhealthy; its last health check output says why.' },
  STK4502: { name: 'DependencyFailed', summary: 'A service that others wait for exited: with a non-zero code (service_completed_successfully), or at all when it should run.' },
  STK4503: { name: 'WaitTimeout', summary: 'A service did not become ready (running, healthy or completed) before the deadline (`--wait-timeout`).' },
  STK4504: { name: 'NoContainer', summary: 'The command needs a container of the service (exec, port, cp, run --no-deps) and there is none, or not that replica.' },
  STK4505: { name: 'ActionFailed', summary: 'A step of the plan failed; the steps that needed it were skipped and the rest went on. Each failed step is printed above.' },
  STK4506: { name: 'NothingToRemove', summary: 'Warning: `down` found no container, network or volume of the project.' },
  STK4507: { name: 'ContainerExited', summary: 'A container stopped an attached `up` (`--abort-on-container-exit`, `--exit-code-from`) or failed a one-off `run`.' },
  STK4508: { name: 'UnsupportedOption', summary: 'A service uses an option the engine API stack speaks (1.41) cannot express without Swarm (a mount type, a secret with no file or environment).' },
};
