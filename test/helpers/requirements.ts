import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Why a test cannot run here, or undefined when it can. Tests use it with
 * `describe.skipIf(reason)` and print the reason, so a skip is never silent:
 *
 *   const missing = missingRequirements({ root: true, commands: ['runc'] });
 *   if (missing) console.warn(`skipping runc tests: ${missing}`);
 *   describe.skipIf(missing)('runc', () => { ... });
 */
export function missingRequirements(needs: { root?: boolean; linux?: boolean; commands?: readonly string[]; shared?: boolean }): string | undefined {
  const reasons: string[] = [];
  if ((needs.linux || needs.root) && process.platform !== 'linux') reasons.push('needs Linux');
  if (needs.root && process.getuid?.() !== 0) reasons.push('needs root');
  for (const command of needs.commands ?? []) if (!hasCommand(command)) reasons.push(`needs \`${command}\` (run bash scripts/setup as root)`);
  if (needs.shared && !existsSync(sharedDir())) reasons.push(`needs ../shared beside the checkout (${sharedDir()} is absent)`);
  return reasons.length > 0 ? reasons.join(', ') : undefined;
}

const commandCache = new Map<string, boolean>();
export function hasCommand(command: string): boolean {
  let found = commandCache.get(command);
  if (found === undefined) {
    try {
      execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
      found = true;
    } catch {
      found = false;
    }
    commandCache.set(command, found);
  }
  return found;
}

/** The checkout's root directory. */
export const repoRoot: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared` beside the checkout: the corpus and research the tests read. */
export function sharedDir(): string {
  return process.env.STACK_SHARED_DIR ?? join(repoRoot, '..', 'shared');
}

/** Prints why a suite is skipped, once, so CI logs show it. */
export function announceSkip(suite: string, reason: string | undefined): void {
  if (reason) console.warn(`[skip] ${suite}: ${reason}`);
}
