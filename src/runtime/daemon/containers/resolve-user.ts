import { readFile } from 'node:fs/promises';
import { containerError } from './container-errors.ts';
import { resolveInRoot } from './in-root.ts';
import { isNodeError } from '../../../base/index.ts';

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

/** The process identity the container runs as, and the HOME that goes with it. */
export interface ResolvedUser {
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids: readonly number[];
  readonly home: string;
}

export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const f = line.split(':');
    const uid = toId(f[2]);
    const gid = toId(f[3]);
    if (f[0] === undefined || uid === undefined || gid === undefined) continue;
    out.push({ name: f[0], uid, gid, home: f[5] ?? '' });
  }
  return out;
}

export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const f = line.split(':');
    const gid = toId(f[2]);
    if (f[0] === undefined || gid === undefined) continue;
    out.push({ name: f[0], gid, members: (f[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean) });
  }
  return out;
}

/**
 * Docker's user semantics (`User: "name|uid[:group|gid]"` plus `GroupAdd`),
 * pure over the parsed files: names must exist, numbers are taken verbatim;
 * without an explicit group the user's primary gid comes from passwd and the
 * supplementary groups from its memberships in /etc/group.
 */
export function matchUser(spec: string, groupAdd: readonly string[], passwd: readonly PasswdEntry[], groups: readonly GroupEntry[]): ResolvedUser {
  const [userPart = '', groupPart = ''] = splitUserSpec(spec);
  const userArg = userPart === '' ? '0' : userPart;
  const numericUid = toId(userArg);
  const entry = numericUid === undefined ? passwd.find((p) => p.name === userArg) : passwd.find((p) => p.uid === numericUid);
  if (!entry && numericUid === undefined) {
    throw containerError('STK5210', 'InvalidArgument', {
      message: `unable to find user ${userArg}: no matching entries in the image's /etc/passwd`,
      hint: 'Use a numeric uid, or an image that defines that user.',
    });
  }
  const uid = entry?.uid ?? (numericUid as number);
  let gid = entry?.gid ?? 0;
  let supplementary: number[] = [];
  if (groupPart !== '') {
    gid = resolveGroup(groupPart, groups);
  } else if (entry) {
    supplementary = groups.filter((g) => g.members.includes(entry.name)).map((g) => g.gid);
  }
  const added = groupAdd.map((g) => resolveGroup(g, groups));
  const additionalGids = [...new Set([...supplementary, ...added])].filter((g) => g !== gid);
  return { uid, gid, additionalGids, home: entry?.home && entry.home.length > 0 ? entry.home : '/' };
}

function resolveGroup(arg: string, groups: readonly GroupEntry[]): number {
  const numeric = toId(arg);
  if (numeric !== undefined) return numeric;
  const group = groups.find((g) => g.name === arg);
  if (!group) {
    throw containerError('STK5211', 'InvalidArgument', {
      message: `unable to find group ${arg}: no matching entries in the image's /etc/group`,
      hint: 'Use a numeric gid, or an image that defines that group.',
    });
  }
  return group.gid;
}

function splitUserSpec(spec: string): [string, string] {
  const colon = spec.indexOf(':');
  return colon < 0 ? [spec.trim(), ''] : [spec.slice(0, colon).trim(), spec.slice(colon + 1).trim()];
}

function toId(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 0xffffffff ? n : undefined;
}

/** Reads /etc/passwd and /etc/group from the container's root (in-root resolved; absent files are empty) and matches the user. */
export async function resolveUser(rootfs: string, spec: string, groupAdd: readonly string[]): Promise<ResolvedUser> {
  const [passwd, group] = await Promise.all([readInRoot(rootfs, '/etc/passwd'), readInRoot(rootfs, '/etc/group')]);
  return matchUser(spec, groupAdd, parsePasswd(passwd), parseGroup(group));
}

async function readInRoot(rootfs: string, path: string): Promise<string> {
  try {
    return await readFile(await resolveInRoot(rootfs, path), 'utf8');
  } catch (error) {
    if (isNodeError(error, 'ENOENT') || isNodeError(error, 'ENOTDIR') || isNodeError(error, 'EISDIR')) return '';
    throw error;
  }
}
