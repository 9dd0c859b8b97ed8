import { execFileSync } from 'node:child_process';

/**
 * What a dockerd leaves on the host when it stops: its bridges (docker0, and
 * br-<id> of networks still defined) and the iptables chains and rules it
 * added (DOCKER, DOCKER-USER, DOCKER-ISOLATION-STAGE-n and the jumps to
 * them, the masquerade of its subnets). The harness notes what of that kind
 * was there before it started a daemon, and removes what appeared since
 * once it has stopped it. Only Docker's own objects are looked at: rules and
 * links of other tests (our STK chains, stk bridges) are never touched.
 */
export interface DockerHostState {
  readonly links: readonly string[];
  /** Per table, iptables-save lines (`:CHAIN ...` and `-A ...`) that are Docker's. */
  readonly iptables: Readonly<Record<string, readonly string[]>>;
}

const TABLES = ['filter', 'nat'] as const;
const dockerLink = (name: string): boolean => name === 'docker0' || /^br-[0-9a-f]{12}$/.test(name);
const dockerLine = (line: string): boolean => /DOCKER|docker0|\bbr-[0-9a-f]{12}\b/.test(line);

function output(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

export function dockerHostState(): DockerHostState {
  const links = (JSON.parse(output('ip', ['-j', 'link', 'show']) || '[]') as { ifname: string }[]).map((l) => l.ifname).filter(dockerLink);
  const iptables: Record<string, string[]> = {};
  for (const table of TABLES) {
    iptables[table] = output('iptables-save', ['-t', table])
      .split('\n')
      .filter((line) => (line.startsWith(':') || line.startsWith('-A ')) && dockerLine(line))
      .map((line) => (line.startsWith(':') ? (line.split(' ')[0] as string) : line));
  }
  return { links, iptables };
}

/** iptables-save's quoting: words, or double-quoted strings with backslash escapes. */
function words(rule: string): string[] {
  return [...rule.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] as string)));
}

/** Removes the Docker links, rules and chains that are there now and were not in `before`. Best effort. */
export function removeDockerHostAdditions(before: DockerHostState): string[] {
  const now = dockerHostState();
  const removed: string[] = [];
  for (const table of TABLES) {
    const had = new Set(before.iptables[table] ?? []);
    const added = (now.iptables[table] ?? []).filter((line) => !had.has(line));
    // Rules first (a chain cannot go while something jumps to it), last added first.
    for (const rule of added.filter((l) => l.startsWith('-A ')).reverse()) {
      output('iptables', ['-t', table, '-D', ...words(rule.slice(3))]);
      removed.push(`${table}: ${rule}`);
    }
    const chains = added.filter((l) => l.startsWith(':')).map((l) => l.slice(1));
    for (const chain of chains) output('iptables', ['-t', table, '-F', chain]);
    for (const chain of chains) {
      output('iptables', ['-t', table, '-X', chain]);
      removed.push(`${table}: chain ${chain}`);
    }
  }
  const hadLinks = new Set(before.links);
  for (const link of now.links.filter((l) => !hadLinks.has(l))) {
    output('ip', ['link', 'del', link]);
    removed.push(`link ${link}`);
  }
  return removed;
}
