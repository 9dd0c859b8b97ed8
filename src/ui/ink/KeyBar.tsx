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

/** The keys that fit, in order, always ending with help and quit so nobody is stuck. */
export function keyBarText(columns: number): string {
  const all = dashboardKeys.flatMap((k) => (k.bar ? [k.bar] : []));
  const tail = all.slice(-2);
  const head = all.slice(0, -2);
  const parts: string[] = [];
  const width = (list: readonly string[]) => [...list, ...tail].join('  ').length;
  for (const item of head) if (width([...parts, item]) <= columns) parts.push(item);
  return [...parts, ...tail].join('  ');
}
