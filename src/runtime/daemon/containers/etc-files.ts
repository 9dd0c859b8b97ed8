import { invalidConfig } from './container-errors.ts';

/**
 * /etc/hosts for a container the network layer did not describe (no hooks,
 * `none` mode): Docker's loopback lines, the `ExtraHosts`, and the
 * hostname on loopback so it resolves.
 */
export function defaultEtcHosts(hostname: string, extraHosts: readonly string[] | null | undefined): string {
  const lines = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
  ];
  for (const entry of extraHosts ?? []) {
    const sep = entry.indexOf(':');
    if (sep <= 0) throw invalidConfig(`invalid extra host "${entry}"`, 'Use host:ip, e.g. db.local:10.0.0.5.');
    lines.push(`${entry.slice(sep + 1)}\t${entry.slice(0, sep)}`);
  }
  lines.push(`127.0.1.1\t${hostname}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The host's resolv.conf as containers with their own netns get it: loopback
 * nameservers (systemd-resolved's 127.0.0.53, a local dnsmasq) are dropped,
 * since they are unreachable from another namespace, as Docker does.
 */
export function containerResolvConf(hostResolvConf: string, hostNetwork: boolean): string {
  if (hostNetwork) return hostResolvConf;
  const lines = hostResolvConf.split('\n').filter((line) => {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    return !m || !(m[1]?.startsWith('127.') || m[1] === '::1');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}
