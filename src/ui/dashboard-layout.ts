import type { PublishedPort } from './dashboard-source.ts';
import type { DashboardState, ServiceRow } from './dashboard-state.ts';
import { formatBytes, formatUptime } from './status-words.ts';
import { displayWidth, truncate } from './text-width.ts';

/**
 * The dashboard's geometry and cell texts, pure so that they are tested
 * without a terminal: which table columns fit a width (the image column goes
 * first on narrow terminals), how the height splits between the table and
 * the pane below, and what each cell says.
 */

export type ColumnKey = 'service' | 'replicas' | 'state' | 'health' | 'ports' | 'restarts' | 'uptime' | 'cpu' | 'mem' | 'image';

interface ColumnSpec {
  readonly key: ColumnKey;
  readonly title: string;
  readonly min: number;
  readonly max: number;
  /** Share of the spare width it takes. */
  readonly grow: number;
  /** Higher goes first when the width is short; 0 never goes. */
  readonly drop: number;
  readonly align: 'left' | 'right';
}

const specs: readonly ColumnSpec[] = [
  { key: 'service', title: 'SERVICE', min: 10, max: 28, grow: 2, drop: 0, align: 'left' },
  { key: 'replicas', title: 'REPL', min: 4, max: 5, grow: 0, drop: 0, align: 'right' },
  { key: 'state', title: 'STATE', min: 10, max: 10, grow: 0, drop: 0, align: 'left' },
  { key: 'health', title: 'HEALTH', min: 9, max: 9, grow: 0, drop: 3, align: 'left' },
  { key: 'ports', title: 'PORTS', min: 9, max: 44, grow: 3, drop: 0, align: 'left' },
  { key: 'restarts', title: 'RST', min: 3, max: 8, grow: 0, drop: 2, align: 'right' },
  { key: 'uptime', title: 'UPTIME', min: 6, max: 7, grow: 0, drop: 4, align: 'right' },
  { key: 'cpu', title: 'CPU', min: 6, max: 6, grow: 0, drop: 5, align: 'right' },
  { key: 'mem', title: 'MEM', min: 8, max: 8, grow: 0, drop: 6, align: 'right' },
  { key: 'image', title: 'IMAGE', min: 12, max: 48, grow: 2, drop: 9, align: 'left' },
];

export interface TableColumn {
  readonly key: ColumnKey;
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

/** Cells before the first column: the selection marker. */
export const markerWidth = 2;
const gap = 1;

/** The columns that fit `columns` cells, widest first for service, ports and image. */
export function tableColumns(columns: number): TableColumn[] {
  const available = columns - markerWidth;
  let kept = [...specs];
  const need = (list: readonly ColumnSpec[]) => list.reduce((sum, c) => sum + c.min, 0) + gap * (list.length - 1);
  while (need(kept) > available) {
    const victim = kept.filter((c) => c.drop > 0).sort((a, b) => b.drop - a.drop)[0];
    if (!victim) break;
    kept = kept.filter((c) => c !== victim);
  }
  const widths = new Map(kept.map((c) => [c.key, c.min]));
  let spare = available - need(kept);
  // Grow in rounds so every growing column gets its share before any reaches its max.
  while (spare > 0) {
    const growing = kept.filter((c) => c.grow > 0 && (widths.get(c.key) ?? 0) < c.max);
    const fixed = kept.filter((c) => c.grow === 0 && (widths.get(c.key) ?? 0) < c.max);
    const pool = growing.length > 0 ? growing : fixed;
    if (pool.length === 0) break;
    for (const c of pool) {
      for (let step = 0; step < (c.grow || 1) && spare > 0 && (widths.get(c.key) ?? 0) < c.max; step++) {
        widths.set(c.key, (widths.get(c.key) ?? 0) + 1);
        spare--;
      }
    }
  }
  return kept.map((c) => {
    const width = widths.get(c.key) ?? c.min;
    const title = c.key === 'restarts' && width >= 8 ? 'RESTARTS' : c.title;
    return { key: c.key, title, width, align: c.align };
  });
}

export interface DashboardGeometry {
  /** Service rows the table shows (it scrolls around the selection beyond that). */
  readonly tableRows: number;
  /** Lines of the pane under the table (logs or details), its title excluded. */
  readonly paneRows: number;
}

/**
 * Splits the height: header, table title, table rows, pane title, pane,
 * notice line, key bar. The frame is one line shorter than the terminal so
 * Ink never takes the clear-the-screen path it uses for full-height output.
 */
export function dashboardGeometry(rows: number, services: number): DashboardGeometry {
  const usable = Math.max(12, rows - 1);
  const chrome = 5;
  const body = usable - chrome;
  const tableRows = Math.max(1, Math.min(Math.max(services, 1), Math.max(3, Math.floor(body * 0.45))));
  return { tableRows, paneRows: Math.max(3, body - tableRows) };
}

/** The first visible row so that the selection stays in view. */
export function tableScroll(count: number, selectedIndex: number, height: number): number {
  if (count <= height) return 0;
  const half = Math.floor(height / 2);
  return Math.max(0, Math.min(count - height, selectedIndex - half));
}

/** Ports as `127.0.0.1:8080→80`, or `8080→80` where the address is every address; `/udp` only when not TCP. */
export function formatPorts(ports: readonly PublishedPort[], width: number): string {
  if (ports.length === 0) return '-';
  const one = (p: PublishedPort, withIp: boolean) => {
    const ip = withIp && p.hostIp && p.hostIp !== '0.0.0.0' && p.hostIp !== '::' ? `${p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp}:` : '';
    return `${ip}${p.published}→${p.target}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`;
  };
  const full = ports.map((p) => one(p, true)).join(', ');
  if (displayWidth(full) <= width) return full;
  // The port numbers matter more than the addresses: drop the addresses first.
  const short = ports.map((p) => one(p, false)).join(',');
  if (displayWidth(short) <= width) return short;
  // Then the container side: the published ports are what someone opens.
  return truncate(ports.map((p) => `${p.published}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`).join(','), width);
}

/** What each cell of a service row says. */
export function serviceCells(row: ServiceRow, state: DashboardState, now: number, portsWidth: number): Readonly<Record<ColumnKey, string>> {
  // A stopped container's last sample is history, not its use now.
  const samples = row.containers.filter((c) => c.state === 'running').map((c) => state.stats[c.name]).filter((s) => s !== undefined);
  const cpu = samples.length > 0 ? `${samples.reduce((sum, s) => sum + s.cpuPercent, 0).toFixed(1)}%` : '-';
  const mem = samples.length > 0 ? formatBytes(samples.reduce((sum, s) => sum + s.memoryBytes, 0)) : '-';
  const running = row.state === 'running' || row.state === 'restarting';
  const stateText = row.pending !== undefined ? `${row.pending}…` : row.state === 'exited' && row.exitCode !== undefined ? `exited ${row.exitCode}` : row.state;
  return {
    service: row.name,
    replicas: `${row.running}/${row.desired}`,
    state: stateText,
    health: row.health === 'none' ? '-' : row.health,
    ports: formatPorts(row.ports, portsWidth),
    restarts: String(row.restarts),
    uptime: running && row.startedAt !== undefined ? formatUptime(now - row.startedAt) : '-',
    cpu,
    mem,
    image: row.image,
  };
}
