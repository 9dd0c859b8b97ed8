import { codeInfo, isStackError, type Styler } from '../base/index.ts';
import { VERSION } from './version.ts';

/**
 * A failure as the user reads it: the code, what happened to which object,
 * and what to do. A StackError never shows a stack trace; anything else is a
 * bug in stack and says so, with what to put in a report.
 */
export function reportError(error: unknown, s: Styler, debug: boolean): string {
  if (isStackError(error) && error.errorClass !== 'Internal') {
    const where = error.resource ? `${error.resource}: ` : '';
    const lines = [`${s.red('error')} ${s.dim(error.code)}: ${where}${error.message}`];
    if (error.hint) lines.push(`  ${s.dim('=')} ${s.green('hint:')} ${error.hint}`);
    if (debug && error.cause !== undefined) lines.push(s.dim(String((error.cause as Error)?.stack ?? error.cause)));
    return lines.join('\n') + '\n';
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const name = isStackError(error) ? codeInfo(error.code)?.name ?? 'Internal' : err.name;
  return [
    `${s.red('internal error')} ${s.dim(isStackError(error) ? error.code : 'STK9001')}: ${err.message}`,
    `  This is a bug in stack ${VERSION} (${name}), not in your files. Please report it with the command you ran,`,
    `  \`stack --version\`, \`node --version\`, and the output of the same command with STACK_DEBUG=1.`,
    debug ? s.dim(err.stack ?? '') : '',
  ]
    .filter((l) => l !== '')
    .join('\n') + '\n';
}
