import { StackError } from '../../base/index.ts';
import type { SubnetPool } from '../../net/index.ts';
import { daemonPaths, type DaemonPaths } from './control/paths.ts';
import type { LogLevel } from './containers/index.ts';

/** What stackd is told by its environment (the CLI that starts it passes these on). */
export interface DaemonConfig {
  readonly paths: DaemonPaths;
  /** STACK_SUBNET_POOL: `10.230.5.0/24` (cut into /24s... or the pool itself) or `10.230.5.0/24:26` (cut into /26s). */
  readonly pools?: readonly SubnetPool[];
  /** STACK_DNS_UPSTREAMS: comma-separated servers; `none` answers NXDOMAIN for names that are not ours. */
  readonly dnsUpstreams?: readonly string[];
  readonly logLevel: LogLevel;
  /** Echo the log to stderr (a terminal, or `--foreground`). */
  readonly echo: boolean;
}

/** Pure: the environment (and argv flags) as a config; a malformed value is an error naming it. */
export function daemonConfig(env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): DaemonConfig {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const root = flag('--root');
  const paths = daemonPaths(root ? { ...env, STACK_ROOT: root } : env);
  const poolText = flag('--pool') ?? env.STACK_SUBNET_POOL;
  const dnsText = flag('--dns') ?? env.STACK_DNS_UPSTREAMS;
  const level = (flag('--log-level') ?? env.STACK_LOG_LEVEL ?? 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw badConfig(`log level "${level}" is not debug, info, warn or error`);
  return {
    paths,
    ...(poolText ? { pools: parsePools(poolText) } : {}),
    ...(dnsText !== undefined ? { dnsUpstreams: dnsText === 'none' || dnsText === '' ? [] : dnsText.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    logLevel: level,
    echo: argv.includes('--foreground'),
  };
}

function parsePools(text: string): SubnetPool[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)(?::(\d+))?$/.exec(item);
      if (!m) throw badConfig(`subnet pool "${item}" is not <address>/<prefix>[:<size>]`);
      const prefix = Number(m[2]);
      const size = m[3] !== undefined ? Number(m[3]) : Math.max(prefix, 24);
      return { base: `${m[1]}/${prefix}`, size };
    });
}

function badConfig(message: string): StackError {
  return new StackError({ code: 'STK5308', errorClass: 'InvalidArgument', message: `stackd configuration: ${message}`, hint: 'Fix the STACK_* variable or the flag named.' });
}
