import { Box, Text } from 'ink';
import type { DashboardState } from '../dashboard-state.ts';
import { truncate } from '../text-width.ts';
import { tone } from './theme.ts';

type Props = {
  readonly state: DashboardState;
  readonly columns: number;
  readonly color: boolean;
};

/**
 * One line for what just happened: an action's result, a lost connection,
 * or what `up` would do since the stack file changed. The newest wins.
 */
export function NoticeLine({ state, columns, color }: Props) {
  const notice = state.notice;
  const plan = state.plan;
  if (plan !== undefined && (notice === undefined || plan.at >= notice.at)) {
    const files = plan.files.map((f) => f.split('/').pop()).join(', ') || 'the stack file';
    const changes = plan.resources.filter((p) => p.bucket !== 'keep');
    const text = plan.problem
      ? `${files} changed and does not load: ${plan.problem}`
      : changes.length === 0
        ? `${files} changed: up to date, \`up\` would do nothing`
        : `${files} changed: \`up\` would ${[...new Set(changes.map((p) => `${p.bucket} ${p.resource.service ?? p.resource.name}`))].join(', ')}`;
    return (
      <Text wrap="truncate-end" color={tone(color, plan.problem ? 'red' : 'magenta')}>
        {truncate(text, columns)}
      </Text>
    );
  }
  if (notice === undefined) return <Box height={1} />;
  const text = notice.code ? `${notice.code} ${notice.text}` : notice.text;
  return (
    <Text wrap="truncate-end" color={tone(color, notice.level === 'error' ? 'red' : 'green')}>
      {truncate(text, columns)}
    </Text>
  );
}
