import { describe, expect, it } from 'vitest';
import { splitReference } from './reference.ts';

describe('splitReference', () => {
  it.each([
    ['busybox', { repository: 'busybox' }],
    ['busybox:1.36', { repository: 'busybox', tag: '1.36' }],
    ['localhost:5000/team/app', { repository: 'localhost:5000/team/app' }],
    ['localhost:5000/team/app:v2', { repository: 'localhost:5000/team/app', tag: 'v2' }],
    ['app@sha256:abcd', { repository: 'app', digest: 'sha256:abcd' }],
    ['reg:5000/app:v1@sha256:abcd', { repository: 'reg:5000/app', tag: 'v1', digest: 'sha256:abcd' }],
  ])('%s', (reference, parts) => {
    expect(splitReference(reference)).toEqual(parts);
  });
});
