import { describe, expect, it } from 'vitest';
import { conmonArgs } from './conmon.ts';
import { parseSize } from './container-start.ts';
import { OciRuntime } from './oci-runtime-cli.ts';

describe('conmon arguments', () => {
  const runtime = new OciRuntime({ name: 'runc', path: '/usr/sbin/runc', version: '1.1.5' }, '/state/runc');
  const base = { id: 'i', name: 'n', bundle: '/b', runtime, logPath: '/b/log', exitDir: '/x', persistDir: '/b/p', socketDir: '/s', pidFile: '/b/pid', conmonPidFile: '/b/cpid', runtimeLog: '/b/rlog', tty: false, stdin: false, leaveStdinOpen: true };
  it('pass runc its root and log, k8s-file logging, exit and persist dirs', () => {
    const args = conmonArgs(base);
    expect(args.join(' ')).toContain('-l k8s-file:/b/log --exit-dir /x -0 /b/p');
    expect(args.join(' ')).toContain('--runtime-arg --root --runtime-arg /state/runc --runtime-arg --log=/b/rlog');
    expect(args).not.toContain('-t');
    expect(args).not.toContain('-i');
  });
  it('-t with a TTY, -i (and --leave-stdin-open unless StdinOnce) with stdin, --log-size-max when set', () => {
    const args = conmonArgs({ ...base, tty: true, stdin: true, logSizeMax: 1024 });
    expect(args).toEqual(expect.arrayContaining(['-t', '-i', '--leave-stdin-open', '--log-size-max', '1024']));
    expect(conmonArgs({ ...base, stdin: true, leaveStdinOpen: false })).not.toContain('--leave-stdin-open');
  });
  it('Docker log sizes', () => {
    expect(parseSize('10m')).toBe(10 * 1024 * 1024);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('100')).toBe(100);
    expect(parseSize('lots')).toBeUndefined();
  });
});
