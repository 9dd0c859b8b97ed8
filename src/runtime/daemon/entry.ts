// stackd's process entry (bundled as dist/stackd.js): the one place that touches process.exit,
// signals and the pid file. Everything else is in daemon.ts and api/.
import { mkdir } from 'node:fs/promises';
import { isStackError, setProcessRunner } from '../../base/index.ts';
import { serveApi, type ApiServer } from './api/index.ts';
import { readDaemonPid, removePidFile } from './control/pid-file.ts';
import { Daemon } from './daemon.ts';
import { daemonConfig } from './daemon-config.ts';
import { openDaemonLog, type DaemonLogFile } from './log-file.ts';
import { Spawner } from './spawner/index.ts';
import { writeFileAtomic } from '../../base/index.ts';

async function run(): Promise<number> {
  if (process.platform !== 'linux') return fail('stackd needs Linux (namespaces, cgroups, overlayfs); use --runtime docker on this host');
  if (process.getuid?.() !== 0) return fail('stackd runs containers as root only; run it as root, or use --runtime docker');
  let config;
  try {
    config = daemonConfig(process.env, process.argv.slice(2));
  } catch (error) {
    return fail(isStackError(error) ? error.message : String(error));
  }
  const { paths } = config;
  await mkdir(paths.root, { recursive: true, mode: 0o711 });
  await mkdir(paths.runDir, { recursive: true, mode: 0o700 });
  const logFile: DaemonLogFile = openDaemonLog(paths.logFile, { level: config.logLevel, ...(config.echo || process.stderr.isTTY ? { echo: process.stderr } : {}) });
  const { log } = logFile;
  const other = await readDaemonPid(paths.pidFile);
  if (other !== undefined && other !== process.pid) {
    log('error', 'another stackd serves this state root', { pid: other, root: paths.root });
    await logFile.close();
    return fail(`another stackd (pid ${other}) already serves ${paths.root}`);
  }
  await writeFileAtomic(paths.pidFile, `${process.pid}\n`);
  // Tools (ip, mount, runc) are forked by a small helper: a fork from this process costs in proportion to its memory and stalls DNS and the port proxies.
  const spawner = new Spawner();
  setProcessRunner(spawner);
  process.on('unhandledRejection', (reason) => log('error', 'unhandled rejection (kept running)', { error: reason instanceof Error ? reason.stack ?? reason.message : String(reason) }));

  let daemon: Daemon | undefined;
  let server: ApiServer | undefined;
  const stopping = new AbortController();
  const shutdown = async (why: string): Promise<void> => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    log('info', 'stackd stopping', { reason: why });
    await server?.close().catch(() => undefined);
    if (daemon) {
      const running = daemon.containers.list({ all: false }).length;
      await daemon[Symbol.asyncDispose]().catch((error: unknown) => log('warn', 'disposing the daemon failed', { error: String(error) }));
      // Nothing runs: leave nothing on the host (bridges, namespaces, chains); the records rebuild them at the next start.
      if (running === 0) await daemon.network.cleanupInstance().catch((error: unknown) => log('warn', 'network cleanup failed', { error: String(error) }));
      else log('info', 'containers keep running under conmon; the next stackd re-adopts them', { running });
    }
    await removePidFile(paths.pidFile, process.pid);
    spawner[Symbol.dispose]();
    log('info', 'stackd stopped');
    await logFile.close();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }
  process.on('SIGHUP', () => log('info', 'SIGHUP ignored'));

  try {
    daemon = await Daemon.open({ paths, log, ...(config.pools ? { pools: config.pools } : {}), ...(config.dnsUpstreams ? { dnsUpstreams: config.dnsUpstreams } : {}), signal: stopping.signal });
    server = await serveApi(daemon, paths.socket);
  } catch (error) {
    const message = isStackError(error) ? `${error.code}: ${error.message}${error.hint ? ` (hint: ${error.hint})` : ''}` : error instanceof Error ? error.stack ?? error.message : String(error);
    log('error', 'stackd could not start', { error: message });
    await shutdown('startup failed');
    process.stderr.write(`stackd: could not start: ${message}\n`);
    return 1;
  }
  log('info', 'stackd listening', { socket: paths.socket, pid: process.pid, instance: daemon.instanceId, startupMs: daemon.report.startupMs });
  return -1;
}

function fail(message: string): number {
  process.stderr.write(`stackd: ${message}\n`);
  return 2;
}

const code = await run();
if (code >= 0) process.exit(code);
