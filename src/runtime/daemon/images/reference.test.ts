import { describe, expect, it } from 'vitest';
import { familiarReference, familiarString, normalizeReference, parseDigest, parseRefOrId, parseReference } from './reference.ts';

const hex64 = 'a'.repeat(64);

describe('normalizeReference', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['index.docker.io/library/busybox:x', 'docker.io/library/busybox:x'],
    ['user/app:v1', 'docker.io/user/app:v1'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['127.0.0.1:5000/a/b/c:t', '127.0.0.1:5000/a/b/c:t'],
    ['Registry.Example/app', 'Registry.Example/app:latest'],
    ['[::1]:5000/app', '[::1]:5000/app:latest'],
    ['a__b/c-d.e_f--g', 'docker.io/a__b/c-d.e_f--g:latest'],
    [`busybox@sha256:${hex64}`, `docker.io/library/busybox@sha256:${hex64}`],
    [`busybox:1@sha256:${hex64}`, `docker.io/library/busybox:1@sha256:${hex64}`],
  ])('%s → %s', (input, expected) => {
    expect(normalizeReference(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty'],
    ['Busybox', 'uppercase repository'],
    ['user/App', 'uppercase path'],
    [hex64, 'a 64-hex name'],
    ['busybox:', 'empty tag'],
    ['busybox:-x', 'tag starting with -'],
    [`busybox:${'t'.repeat(129)}`, 'tag longer than 128'],
    ['bu sybox', 'space'],
    ['-busybox', 'leading separator'],
    ['busybox_', 'trailing separator'],
    ['a...b', 'repeated dots'],
    ['busybox@sha256:abc', 'short digest'],
    [`busybox@md5:${'a'.repeat(32)}`, 'unknown algorithm'],
    [`busybox@sha256:${'A'.repeat(64)}`, 'uppercase digest'],
    [`x/${'a'.repeat(260)}`, 'name longer than 255'],
    ['localhost:port/app', 'non-numeric port'],
  ])('refuses %j (%s)', (input) => {
    expect(normalizeReference(input).ok).toBe(false);
  });
});

describe('familiar forms', () => {
  it('strip the default registry and library/ as docker prints them', () => {
    const cases: [string, string][] = [
      ['docker.io/library/busybox:latest', 'busybox:latest'],
      ['docker.io/user/app:v1', 'user/app:v1'],
      ['docker.io/library/a/b:c', 'library/a/b:c'],
      ['localhost:5000/library/app:1', 'localhost:5000/library/app:1'],
    ];
    for (const [full, familiar] of cases) expect(familiarString(full)).toBe(familiar);
  });

  it('round-trip: normalizing a familiar form gives the full form back', () => {
    const parsed = parseReference('quay.io/org/app:2');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const familiar = familiarReference(parsed.value);
    expect(normalizeReference(familiar)).toEqual({ ok: true, value: 'quay.io/org/app:2' });
  });
});

describe('parseDigest', () => {
  it('accepts sha256/384/512 of the right length', () => {
    expect(parseDigest(`sha256:${hex64}`).ok).toBe(true);
    expect(parseDigest(`sha512:${'0'.repeat(128)}`).ok).toBe(true);
    expect(parseDigest(`sha256:${'0'.repeat(63)}`).ok).toBe(false);
    expect(parseDigest(hex64).ok).toBe(false);
  });
});

describe('parseRefOrId', () => {
  it('a full id, bare or prefixed, is only an id', () => {
    expect(parseRefOrId(hex64)).toEqual({ ok: true, value: { idPrefix: hex64, fullId: true } });
    expect(parseRefOrId(`sha256:${hex64}`)).toEqual({ ok: true, value: { idPrefix: hex64, fullId: true } });
  });

  it('a short hex string is both a name and an id prefix (the name is tried first)', () => {
    const result = parseRefOrId('abc123');
    expect(result.ok && result.value.reference?.path).toBe('library/abc123');
    expect(result.ok && result.value.idPrefix).toBe('abc123');
  });

  it('sha256:<short> is an id prefix only', () => {
    expect(parseRefOrId('sha256:abc')).toEqual({ ok: true, value: { idPrefix: 'abc', fullId: false } });
  });

  it('a name that is not hex is only a reference; garbage is refused', () => {
    const result = parseRefOrId('busybox:1');
    expect(result.ok && result.value.idPrefix).toBeUndefined();
    expect(result.ok && result.value.reference?.tag).toBe('1');
    expect(parseRefOrId('Not Valid').ok).toBe(false);
  });
});
