import { describe, expect, it } from 'vitest';
import { entryComponents, linkTargetComponents } from './entry-name.ts';

describe('entryComponents', () => {
  it.each([
    ['./bin/sh', ['bin', 'sh']],
    ['/etc/passwd', ['etc', 'passwd']],
    ['//a//b/./c/', ['a', 'b', 'c']],
    ['./', []],
    ['.', []],
  ])('%j → %j', (name, components) => {
    expect(entryComponents(name)).toEqual({ ok: true, components });
  });

  it.each(['../x', 'a/../../x', 'a/..', '/..', 'a/b/../c', 'x\0y'])('refuses %j', (name) => {
    expect(entryComponents(name).ok).toBe(false);
  });
});

describe('linkTargetComponents', () => {
  it('keeps in-root targets, resolving inner ..', () => {
    expect(linkTargetComponents('/bin/busybox')).toEqual({ ok: true, components: ['bin', 'busybox'] });
    expect(linkTargetComponents('usr/../bin/sh')).toEqual({ ok: true, components: ['bin', 'sh'] });
  });

  it.each(['../etc/passwd', 'a/../../etc/passwd', '/', '.', 'a/..'])('refuses %j', (target) => {
    expect(linkTargetComponents(target).ok).toBe(false);
  });
});
