import { describe, expect, it } from 'vitest';
import { isIgnored, parseDockerignore } from './build-context.ts';

describe('.dockerignore', () => {
  const rules = parseDockerignore('# comment\nnode_modules\n*.log\n**/tmp\n!keep.log\n/build/\ndocs/*.md\n');

  it('excludes a matching path and everything under a matching directory', () => {
    expect(isIgnored('node_modules', rules)).toBe(true);
    expect(isIgnored('node_modules/x/index.js', rules)).toBe(true);
    expect(isIgnored('build/out.js', rules)).toBe(true);
    expect(isIgnored('src/node_modules', rules)).toBe(false);
  });

  it('matches * within one component, ** across several, and the last matching rule wins', () => {
    expect(isIgnored('app.log', rules)).toBe(true);
    expect(isIgnored('logs/app.log', rules)).toBe(false);
    expect(isIgnored('a/b/tmp/file', rules)).toBe(true);
    expect(isIgnored('keep.log', rules)).toBe(false);
    expect(isIgnored('docs/readme.md', rules)).toBe(true);
    expect(isIgnored('docs/sub/readme.md', rules)).toBe(false);
  });
});
