import { describe, expect, it } from 'vitest';
import { chooseProjectName, isNormalProjectName, normalizeProjectName } from './project-name.ts';

describe('project names', () => {
  it('normalizes a directory name as Compose does', () => {
    expect(normalizeProjectName('My App!')).toBe('myapp');
    expect(normalizeProjectName('__Hello-World.v2')).toBe('hello-worldv2');
    expect(normalizeProjectName('UNNORMALIZED PATH')).toBe('unnormalizedpath');
  });

  it('accepts only normal names when given explicitly', () => {
    expect(isNormalProjectName('shop_2-a')).toBe(true);
    for (const bad of ['Shop', '-shop', '_shop', 'shop.io', '']) expect(isNormalProjectName(bad)).toBe(false);
  });

  it('prefers -p, then COMPOSE_PROJECT_NAME, then name:, then the directory', () => {
    const dir = '/work/Shop';
    expect(chooseProjectName({ flag: 'a', environment: 'b', fromFiles: 'c', projectDirectory: dir })).toEqual({ name: 'a', source: 'flag' });
    expect(chooseProjectName({ environment: 'b', fromFiles: 'c', projectDirectory: dir })).toEqual({ name: 'b', source: 'environment' });
    expect(chooseProjectName({ fromFiles: 'c', projectDirectory: dir })).toEqual({ name: 'c', source: 'file' });
    expect(chooseProjectName({ environment: '', projectDirectory: dir })).toEqual({ name: 'shop', source: 'directory' });
  });
});
