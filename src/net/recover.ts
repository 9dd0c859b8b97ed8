import { isStackError, StackError, throwIfAborted } from '../base/errors.ts';
import { createBridge, deleteLinks } from './bridge.ts';
import { defaultGateway } from './container-config.ts';
import { netnsEndpoints } from './container-lifecycle.ts';
import { listLinks, listNetns } from './host-state.ts';
import { subnetPrefix } from './ipam.ts';
import type { ManagerState } from './manager-state.ts';
import { isInstanceLink, isInstanceNetns } from './names.ts';
import { syncNat } from './nat.ts';
import { addNetnsEndpoint, createContainerNetns, deleteContainerNetns, reattachVeths } from './netns.ts';
import { publishPorts } from './port-proxy.ts';
import type { AttachmentRecord } from './types.ts';

/**
 * Makes the host match the records, at daemon start (level-triggered: it
 * works the same after a clean restart, a SIGKILL, a reboot that emptied
 * /run/netns, or `stack runtime stop`):
 *
 *   records ─▶ remove our leftovers that no record claims (links, namespaces)
 *           ─▶ recreate missing bridges, namespaces and veths
 *           ─▶ NAT render ─▶ DNS listeners ─▶ port proxies (same host ports)
 *
 * One broken piece does not stop the rest: what could not be restored is
 * returned as problems for the daemon to log.
 */
export async function recoverNetworking(state: ManagerState, signal: AbortSignal | undefined): Promise<StackError[]> {
  const problems: StackError[] = [];
  const attempt = async (step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (error) {
      throwIfAborted(signal);
      problems.push(isStackError(error) ? error : new StackError({ code: 'STK6012', errorClass: 'Internal', message: `recovering the network: ${(error as Error).message}`, cause: error }));
    }
  };

  const { networks, attachments } = await state.store.load();
  state.networks.clear();
  for (const n of networks) state.networks.set(n.id, n);
  state.attachments.clear();
  for (const a of attachments) state.attachments.set(a.containerId, a);

  const [links, namespaces] = await Promise.all([listLinks(), listNetns()]);
  const claimedLinks = new Set([...networks.map((n) => n.bridge), ...state.usedVeths()]);
  const claimedNetns = new Set(attachments.flatMap((a) => (a.netns ? [a.netns] : [])));
  const strayLinks = [...links].filter((l) => isInstanceLink(state.instance, l) && !claimedLinks.has(l));
  await attempt(() => deleteLinks(strayLinks, signal));
  for (const ns of namespaces) if (isInstanceNetns(state.instance, ns) && !claimedNetns.has(ns)) await attempt(() => deleteContainerNetns(ns, [], signal));

  const rebuilt = new Set<string>();
  for (const network of networks) {
    if (links.has(network.bridge)) continue;
    await attempt(async () => {
      await createBridge({ name: network.bridge, gatewayCidr: `${network.ipam.gateway}/${subnetPrefix(network.ipam)}`, internal: network.internal, ...(network.mtu ? { mtu: network.mtu } : {}) }, signal);
      rebuilt.add(network.id);
    });
  }
  await attempt(() => syncNat(state.instance, state.natNetworks(), signal));

  for (const attachment of attachments) await attempt(() => restoreNamespace(state, attachment, links, namespaces, rebuilt, signal));

  for (const network of networks) await attempt(async () => void (await state.dns.listen(network.id, network.ipam.gateway)));
  for (const attachment of attachments) {
    if (attachment.ports.length === 0 || state.proxies.has(attachment.containerId)) continue;
    await attempt(async () => {
      const requests = attachment.ports.map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, hostIp: p.hostIp, hostPort: p.hostPort }));
      state.proxies.set(attachment.containerId, await publishPorts(requests, state.proxyTarget(attachment.containerId), { udpIdleMs: state.settings.udpIdleMs }));
    });
  }
  state.refreshDns();
  return problems;
}

async function restoreNamespace(state: ManagerState, attachment: AttachmentRecord, links: ReadonlySet<string>, namespaces: ReadonlySet<string>, rebuilt: ReadonlySet<string>, signal: AbortSignal | undefined): Promise<void> {
  const netns = attachment.netns;
  if (!netns) return;
  const endpoints = attachment.endpoints.filter((e) => state.networks.has(e.networkId));
  const gateway = defaultGateway(attachment, state.networks);
  if (!namespaces.has(netns)) {
    await createContainerNetns(netns, netnsEndpoints(state, endpoints), gateway, signal);
    return;
  }
  for (const endpoint of endpoints) {
    if (links.has(endpoint.hostVeth)) continue;
    const network = state.networks.get(endpoint.networkId);
    await addNetnsEndpoint(netns, netnsEndpoints(state, [endpoint])[0]!, network?.ipam.gateway === gateway ? gateway : undefined, signal);
  }
  const orphaned = endpoints.filter((e) => rebuilt.has(e.networkId) && links.has(e.hostVeth));
  if (orphaned.length > 0) await reattachVeths(orphaned.map((e) => ({ hostVeth: e.hostVeth, bridge: state.networks.get(e.networkId)!.bridge })), signal);
}
