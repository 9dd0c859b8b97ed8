import { Text } from 'ink';
import { dashboardKeys } from '../dashboard-keys.ts';
import type { DashboardState } from '../dashboard-state.ts';
import { truncate } from '../text-width.ts';
import { tone } from './theme.ts';

type Props = {
  readonly state: DashboardState;
  readonly columns: number;
  readonly color: boolean;
};

/** The bottom line: the filter being typed, or the main keys. */
export function KeyBar({ state, columns, color }: Props) {
  if (state.ui.filtering) {
    return (
      <Text wrap="truncate-end">
        <Text color={tone(color, 'cyan')}>/</Text>
        {truncate(state.ui.filter, Math.max(0, columns - 30))}
        <Text inverse={color}> </Text>
        <Text dimColor={color}>  enter keep · esc clear</Text>
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end" dimColor={color}>
      {truncate(keyBarText(columns), columns)}
    </Text>
  );
}

/** The key labels that fit, chosen by rank (help and quit always), shown in their usual order. */
export function keyBarText(columns: number): string {
  const all = dashboardKeys.filter((k) => k.bar !== undefined);
  const byRank = [...all].sort((a, b) => (a.rank ?? 9) - (b.rank ?? 9));
  const chosen = new Set<(typeof all)[number]>();
  const width = (set: ReadonlySet<unknown>) => all.filter((k) => set.has(k)).map((k) => k.bar as string).join('  ').length;
  for (const k of byRank) {
    const next = new Set([...chosen, k]);
    if (width(next) <= columns || (k.rank ?? 9) <= 1) chosen.add(k);
  }
  return all.filter((k) => chosen.has(k)).map((k) => k.bar as string).join('  ');
}
