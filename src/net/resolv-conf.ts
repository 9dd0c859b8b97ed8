/**
 * /etc/resolv.conf for containers, after Docker's rules (moby
 * libnetwork/internal/resolvconf): on a network the only nameserver is our
 * embedded DNS server at the gateway, the search list and options come from
 * the user (dns_search, dns_opt) or else from the host, and `ndots:0` is
 * added unless an ndots option is already there, so that a bare service name
 * is tried as-is before any search domain.
 */

export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly options: readonly string[];
}

/** The parts of a resolv.conf that matter; later `search`/`domain` lines replace earlier ones, as in glibc. */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let search: string[] = [];
  const options: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [keyword, ...values] = line.split(/\s+/);
    if (keyword === 'nameserver' && values[0]) nameservers.push(values[0]);
    else if (keyword === 'search' || keyword === 'domain') search = values;
    else if (keyword === 'options') options.push(...values);
  }
  return { nameservers, search, options };
}

export function renderResolvConf(conf: ResolvConf): string {
  const lines = conf.nameservers.map((server) => `nameserver ${server}`);
  if (conf.search.length > 0) lines.push(`search ${conf.search.join(' ')}`);
  if (conf.options.length > 0) lines.push(`options ${conf.options.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

export interface ContainerDnsSettings {
  /** Compose `dns`: upstream servers for this container (our DNS server forwards to them). */
  readonly dns: readonly string[];
  readonly dnsSearch: readonly string[];
  readonly dnsOptions: readonly string[];
}

/** A container on our networks: nameserver = the gateway of its first network. */
export function containerResolvConf(host: ResolvConf, settings: ContainerDnsSettings, gateway: string): string {
  const options = settings.dnsOptions.length > 0 ? [...settings.dnsOptions] : [...host.options];
  if (!options.some((option) => option.startsWith('ndots:'))) options.push('ndots:0');
  return renderResolvConf({ nameservers: [gateway], search: settings.dnsSearch.length > 0 ? settings.dnsSearch : host.search, options });
}

/**
 * `host` mode, `none` mode, or a container with no network left: no embedded
 * server to point at, so the host's servers (or the user's) as they are.
 */
export function passthroughResolvConf(host: ResolvConf, settings: ContainerDnsSettings): string {
  return renderResolvConf({
    nameservers: settings.dns.length > 0 ? settings.dns : host.nameservers,
    search: settings.dnsSearch.length > 0 ? settings.dnsSearch : host.search,
    options: settings.dnsOptions.length > 0 ? settings.dnsOptions : host.options,
  });
}
