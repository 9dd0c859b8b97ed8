import { StackError } from '../base/errors.ts';
import { isIpv4 } from './ipv4.ts';

/**
 * /etc/hosts as Docker writes it (moby libnetwork/etchosts): the localhost
 * and IPv6 lines, then extra_hosts, then one line per address of the
 * container with its hostname. The container engineer rewrites the file in
 * place when it changes (connect/disconnect): a bind mount pins the inode.
 */

export interface ExtraHost {
  readonly hostname: string;
  readonly address: string;
}

const defaultLines = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
];

/** Docker's value that stands for the host, as seen from the container. */
export const HOST_GATEWAY = 'host-gateway';

/**
 * Parses Docker API `ExtraHosts` (`name:address`, the address may be IPv6 or
 * `host-gateway`); Compose's `name=address` form is accepted too.
 */
export function parseExtraHosts(entries: readonly string[]): ExtraHost[] {
  return entries.map((entry) => {
    const separator = entry.search(/[:=]/);
    const hostname = separator > 0 ? entry.slice(0, separator).trim() : '';
    const address = separator > 0 ? entry.slice(separator + 1).trim().replace(/^\[(.*)\]$/, '$1') : '';
    const validAddress = address === HOST_GATEWAY || isIpv4(address) || (address.includes(':') && /^[0-9a-fA-F:.]+$/.test(address));
    if (!hostname || /\s/.test(hostname) || !validAddress) {
      throw new StackError({
        code: 'STK6018',
        errorClass: 'InvalidArgument',
        message: `extra host "${entry}" is not of the form name:address`,
        hint: 'Write it as "somehost:10.0.0.5" (or "somehost:host-gateway" for the host).',
      });
    }
    return { hostname, address };
  });
}

export interface EtcHostsInput {
  /** The hostname; a name with dots also gets its first label, as Docker does. */
  readonly hostname: string;
  /** The container's addresses, first network first. None for `none`. */
  readonly addresses: readonly string[];
  readonly extraHosts: readonly ExtraHost[];
  /** What `host-gateway` stands for: the gateway of the first network. */
  readonly hostGateway?: string;
}

export function renderEtcHosts(input: EtcHostsInput): string {
  const lines = [...defaultLines, ...extraHostLines(input.extraHosts, input.hostGateway)];
  const dot = input.hostname.indexOf('.');
  const names = dot > 0 ? `${input.hostname} ${input.hostname.slice(0, dot)}` : input.hostname;
  for (const address of input.addresses) lines.push(`${address}\t${names}`);
  return `${lines.join('\n')}\n`;
}

/** `network_mode: host`: the host's own file, plus extra_hosts. */
export function renderHostModeEtcHosts(hostFile: string, extraHosts: readonly ExtraHost[]): string {
  const base = hostFile === '' || hostFile.endsWith('\n') ? hostFile : `${hostFile}\n`;
  const extra = extraHostLines(extraHosts, '127.0.0.1');
  return extra.length > 0 ? `${base}${extra.join('\n')}\n` : base;
}

function extraHostLines(extraHosts: readonly ExtraHost[], hostGateway: string | undefined): string[] {
  const lines: string[] = [];
  for (const extra of extraHosts) {
    const address = extra.address === HOST_GATEWAY ? hostGateway : extra.address;
    // Without a network there is no gateway to stand for the host; Docker refuses such a container, we drop the line.
    if (address) lines.push(`${address}\t${extra.hostname}`);
  }
  return lines;
}
