import { isStackError } from '../../../base/index.ts';
import { parseExtraHosts, parseResolvConf, renderEtcHosts, renderResolvConf } from '../../../net/index.ts';
import { invalidConfig } from './container-errors.ts';

/**
 * /etc/hosts for a container the network layer did not describe (no hooks,
 * `none` mode): src/net's rendering with the hostname on loopback, so it
 * resolves. A malformed extra host is this container's invalid config.
 */
export function defaultEtcHosts(hostname: string, extraHosts: readonly string[] | null | undefined): string {
  let parsed;
  try {
    parsed = parseExtraHosts(extraHosts ?? []);
  } catch (error) {
    if (!isStackError(error)) throw error;
    throw invalidConfig(error.message, error.hint ?? 'Use host:ip, e.g. db.local:10.0.0.5.');
  }
  return renderEtcHosts({ hostname, addresses: ['127.0.1.1'], extraHosts: parsed });
}

/**
 * The host's resolv.conf as containers with their own netns get it: loopback
 * nameservers (systemd-resolved's 127.0.0.53, a local dnsmasq) are dropped,
 * since they are unreachable from another namespace, as Docker does.
 */
export function containerResolvConf(hostResolvConf: string, hostNetwork: boolean): string {
  if (hostNetwork) return hostResolvConf;
  const host = parseResolvConf(hostResolvConf);
  return renderResolvConf({ ...host, nameservers: host.nameservers.filter((server) => !server.startsWith('127.') && server !== '::1') });
}
