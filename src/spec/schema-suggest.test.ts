import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from './schema-suggest.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions, and a transposition as one edit', () => {
    expect(editDistance('image', 'image')).toBe(0);
    expect(editDistance('imagee', 'image')).toBe(1);
    expect(editDistance('imge', 'image')).toBe(1);
    expect(editDistance('imxge', 'image')).toBe(1);
    expect(editDistance('iamge', 'image')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestMatch', () => {
  const serviceKeys = ['image', 'environment', 'env_file', 'depends_on', 'ports', 'volumes', 'volumes_from', 'healthcheck', 'restart'];

  it('suggests the key a typo most likely meant', () => {
    expect(closestMatch('imagee', serviceKeys)).toBe('image');
    expect(closestMatch('enviroment', serviceKeys)).toBe('environment');
    expect(closestMatch('depend_on', serviceKeys)).toBe('depends_on');
    expect(closestMatch('port', serviceKeys)).toBe('ports');
    expect(closestMatch('healtcheck', serviceKeys)).toBe('healthcheck');
  });

  it('ignores case and the dash/underscore confusion', () => {
    expect(closestMatch('Image', serviceKeys)).toBe('image');
    expect(closestMatch('env-file', serviceKeys)).toBe('env_file');
  });

  it('stays silent when nothing is close', () => {
    expect(closestMatch('replicas', serviceKeys)).toBeUndefined();
    expect(closestMatch('xy', serviceKeys)).toBeUndefined();
  });

  it('breaks ties the same way whatever the order of the candidates', () => {
    expect(closestMatch('ab', ['ac', 'ad'])).toBe('ac');
    expect(closestMatch('ab', ['ad', 'ac'])).toBe('ac');
  });
});
