import { describe, expect, it } from 'vitest';
import { chainIds, isSha256Digest, sha256Digest, shortId } from './digest.ts';

describe('chainIds', () => {
  it('the first chain id is the first diff id; the next hashes "<parent> <diff>" (image-spec)', () => {
    const a = sha256Digest('a');
    const b = sha256Digest('b');
    const c = sha256Digest('c');
    const ids = chainIds([a, b, c]);
    expect(ids[0]).toBe(a);
    expect(ids[1]).toBe(sha256Digest(`${a} ${b}`));
    expect(ids[2]).toBe(sha256Digest(`${ids[1]} ${c}`));
  });

  it('the same diff on another parent gets another chain id', () => {
    const [a, b, d] = [sha256Digest('a'), sha256Digest('b'), sha256Digest('d')];
    expect(chainIds([a, d])[1]).not.toBe(chainIds([b, d])[1]);
  });
});

describe('digest helpers', () => {
  it('recognize sha256 digests and shorten ids', () => {
    const digest = sha256Digest('');
    expect(digest).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(isSha256Digest(digest)).toBe(true);
    expect(isSha256Digest('sha256:E3B0')).toBe(false);
    expect(shortId(digest)).toBe('e3b0c44298fc');
  });
});
