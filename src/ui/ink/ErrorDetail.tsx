import { Box, Text } from 'ink';
import type { ProgressRow } from '../progress-state.ts';
import { sanitizeLine, truncate } from '../text-width.ts';
import { tone } from './theme.ts';

type Props = {
  readonly row: ProgressRow;
  readonly columns: number;
  readonly color: boolean;
  /** Lines of the runtime's last words to show (the end of them). @default 3 */
  readonly maxDetailLines?: number;
};

/**
 * Under a failed row: our code and message, the runtime's last words (the
 * last health check output, the exit code, the log tail) and the hint, each
 * cut to one line so the live region keeps its shape.
 */
export function ErrorDetail({ row, columns, color, maxDetailLines = 3 }: Props) {
  const width = Math.max(10, columns - 5);
  const lines: { readonly text: string; readonly kind: 'error' | 'detail' | 'hint' }[] = [];
  if (row.error) {
    lines.push({ kind: 'error', text: `${row.error.code ? `${row.error.code} ` : ''}${row.error.message}` });
    const detail = (row.error.detail ?? '').split('\n').map(sanitizeLine).filter((l) => l.trim() !== '');
    for (const l of detail.slice(-maxDetailLines)) lines.push({ kind: 'detail', text: l });
    if (row.error.hint) lines.push({ kind: 'hint', text: `hint: ${row.error.hint}` });
  } else if (row.waitFailure?.detail) {
    lines.push({ kind: 'detail', text: row.waitFailure.detail });
  }
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i}>
          {'   '}
          <Text dimColor={color}>{i === lines.length - 1 ? '└ ' : '│ '}</Text>
          <Text color={tone(color, line.kind === 'error' ? 'red' : line.kind === 'hint' ? 'green' : undefined)} dimColor={color && line.kind === 'detail'}>
            {truncate(sanitizeLine(line.text), width)}
          </Text>
        </Text>
      ))}
    </Box>
  );
}
