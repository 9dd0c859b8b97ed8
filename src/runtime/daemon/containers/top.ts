import { containerError } from './container-errors.ts';
import { runCommand } from './run-command.ts';

/** Docker's `GET /containers/{id}/top`. */
export interface TopResult {
  readonly Titles: readonly string[];
  readonly Processes: readonly (readonly string[])[];
}

/**
 * `ps` on the host, filtered to the container's processes, as Docker does
 * (its pids come from the runtime: `runc ps`). The last column (the command)
 * keeps its spaces.
 */
export async function topProcesses(pids: readonly number[], psArgs = '-ef'): Promise<TopResult> {
  const args = psArgs.trim().split(/\s+/).filter(Boolean);
  const result = await runCommand('ps', args, { timeoutMs: 10_000 });
  if (result.code !== 0) {
    throw containerError('STK5222', 'InvalidArgument', { message: `ps ${psArgs} failed: ${result.stderr.trim()}`, hint: 'Use ps options that print a PID column, such as -ef or aux.' });
  }
  return filterPsOutput(result.stdout, pids);
}

/** Pure: keeps the header and the rows whose PID column is one of `pids`. */
export function filterPsOutput(output: string, pids: readonly number[]): TopResult {
  const lines = output.split('\n').filter((l) => l.trim().length > 0);
  const titles = (lines[0] ?? '').trim().split(/\s+/);
  const pidColumn = titles.indexOf('PID');
  if (pidColumn < 0) throw containerError('STK5222', 'InvalidArgument', { message: 'the ps output has no PID column', hint: 'Use ps options that print a PID column, such as -ef or aux.' });
  const wanted = new Set(pids);
  const processes: string[][] = [];
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (!wanted.has(Number(fields[pidColumn]))) continue;
    processes.push([...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')]);
  }
  return { Titles: titles, Processes: processes };
}
