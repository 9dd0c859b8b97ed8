import { Text } from 'ink';
import type { DashboardState } from '../dashboard-state.ts';
import { truncate } from '../text-width.ts';
import { tone } from './theme.ts';

type Props = {
  readonly state: DashboardState;
  readonly columns: number;
  readonly color: boolean;
};

/** `stack · demo · stackd · 3/4 running`, and the connection when it is not fine. */
export function DashboardHeader({ state, columns, color }: Props) {
  const services = Object.values(state.services);
  const up = services.filter((s) => s.running > 0 && s.running >= s.desired).length;
  const connection = state.connection === 'connected' ? '' : state.connection === 'connecting' ? ' · connecting…' : ` · connection lost${state.connectionError ? `: ${state.connectionError.message}` : ''}`;
  const left = `stack · ${state.project || '…'}${state.runtime ? ` · ${state.runtime}` : ''} · ${up}/${services.length} services up`;
  return (
    <Text wrap="truncate-end">
      <Text bold={color}>{truncate(left, columns)}</Text>
      <Text color={tone(color, state.connection === 'lost' ? 'red' : 'yellow')}>{truncate(connection, Math.max(0, columns - left.length))}</Text>
    </Text>
  );
}
