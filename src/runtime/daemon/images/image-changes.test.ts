import { describe, expect, it } from 'vitest';
import { applyImageChanges, parseDuration, splitWords } from './image-changes.ts';

function apply(lines: string[]) {
  const result = applyImageChanges({}, lines);
  if (!result.ok) throw new Error(`${result.line}: ${result.reason}`);
  return result.config;
}

describe('applyImageChanges', () => {
  it('CMD and ENTRYPOINT take exec or shell form', () => {
    expect(apply(['CMD ["sh", "-c", "echo hi"]']).Cmd).toEqual(['sh', '-c', 'echo hi']);
    expect(apply(['CMD echo hi']).Cmd).toEqual(['/bin/sh', '-c', 'echo hi']);
    expect(apply(['ENTRYPOINT ["/bin/app"]']).Entrypoint).toEqual(['/bin/app']);
  });

  it('ENTRYPOINT resets an inherited CMD but not one given alongside it', () => {
    expect(applyImageChanges({ Cmd: ['old'] }, ['ENTRYPOINT ["/e"]'])).toMatchObject({ ok: true, config: { Cmd: null } });
    expect(apply(['CMD ["x"]', 'ENTRYPOINT ["/e"]']).Cmd).toEqual(['x']);
  });

  it('ENV and LABEL accept key=value with quotes, and the legacy "key value" form; ENV replaces by key', () => {
    const config = applyImageChanges({ Env: ['A=1', 'PATH=/bin'] }, ['ENV A=2 B="two words" C=x\\ y', 'ENV D hello world', 'LABEL a=b "c d"=e']);
    expect(config).toMatchObject({ ok: true, config: { Env: ['A=2', 'PATH=/bin', 'B=two words', 'C=x y', 'D=hello world'], Labels: { a: 'b', 'c d': 'e' } } });
  });

  it('EXPOSE, USER, WORKDIR (relative to the previous), VOLUME, STOPSIGNAL', () => {
    const config = apply(['EXPOSE 80 53/udp 8000-8001', 'USER nobody:nogroup', 'WORKDIR /srv', 'WORKDIR app', 'VOLUME ["/data", "/logs"]', 'VOLUME /cache', 'STOPSIGNAL SIGQUIT']);
    expect(config.ExposedPorts).toEqual({ '80/tcp': {}, '53/udp': {}, '8000/tcp': {}, '8001/tcp': {} });
    expect(config.User).toBe('nobody:nogroup');
    expect(config.WorkingDir).toBe('/srv/app');
    expect(Object.keys(config.Volumes ?? {})).toEqual(['/data', '/logs', '/cache']);
    expect(config.StopSignal).toBe('SIGQUIT');
  });

  it('HEALTHCHECK with flags, in nanoseconds, and NONE', () => {
    expect(apply(['HEALTHCHECK --interval=5s --retries=2 CMD wget -q localhost']).Healthcheck).toEqual({ Interval: 5e9, Retries: 2, Test: ['CMD-SHELL', 'wget -q localhost'] });
    expect(apply(['HEALTHCHECK CMD ["true"]']).Healthcheck).toEqual({ Test: ['CMD', 'true'] });
    expect(apply(['healthcheck none']).Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it.each([['RUN echo'], ['EXPOSE 99999'], ['EXPOSE http'], ['USER a b'], ['ENV A'], ['ENV A="x'], ['STOPSIGNAL kill me'], ['HEALTHCHECK --interval=5 CMD x'], ['LABEL =x']])('refuses %j', (line) => {
    const result = applyImageChanges({}, [line]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.line).toBe(line);
  });
});

describe('helpers', () => {
  it('splitWords handles quotes and escapes', () => {
    expect(splitWords(`a "b c" 'd e' f\\ g "h\\"i"`)).toEqual(['a', 'b c', 'd e', 'f g', 'h"i']);
  });

  it('parseDuration reads Go durations', () => {
    expect(parseDuration('1m30s')).toBe(90e9);
    expect(parseDuration('500ms')).toBe(5e8);
    expect(parseDuration('5')).toBeUndefined();
    expect(parseDuration('5s x')).toBeUndefined();
  });
});
