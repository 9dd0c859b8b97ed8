import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { StackError } from '../../base/index.ts';
import { isNodeError, writeFileAtomic } from '../../base/index.ts';

/**
 * The state root's instance id: 4 hex digits made once and kept, part of
 * every host-global name (bridges, namespaces, veths, chains, cgroups), so
 * several stackd on one host never collide and cleanup finds exactly what one
 * of them made.
 */
export async function readOrCreateInstanceId(file: string): Promise<string> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!isNodeError(error, 'ENOENT')) throw error;
  }
  if (text !== undefined) {
    const id = text.trim();
    if (!/^[0-9a-f]{4}$/.test(id)) {
      throw new StackError({
        code: 'STK5315',
        errorClass: 'FailedPrecondition',
        message: `the instance file ${file} does not hold a 4-hex instance id`,
        hint: 'Restore it from a backup; if no kernel object of this root exists any more (no stk* bridge or netns), delete it and a new id is made.',
      });
    }
    return id;
  }
  const id = randomBytes(2).toString('hex');
  await writeFileAtomic(file, `${id}\n`);
  return id;
}
