import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineJoiner, normalizeTime, parseLogRecord, timeMs, type LogEntry } from './log-format.ts';
import { logSize, readLogs } from './log-reader.ts';
import { deferred } from './deferred.ts';

const T1 = '2026-01-02T03:04:05.123456789+00:00';
const T2 = '2026-01-02T03:04:06.000000001+00:00';

describe('k8s-file records', () => {
  it('parses time, stream, full/partial and text (spaces kept)', () => {
    expect(parseLogRecord(`${T1} stdout F hello  world `)).toEqual({ time: '2026-01-02T03:04:05.123456789Z', stream: 'stdout', full: true, text: 'hello  world ' });
    expect(parseLogRecord(`${T1} stderr P `)).toEqual({ time: '2026-01-02T03:04:05.123456789Z', stream: 'stderr', full: false, text: '' });
    expect(parseLogRecord(`${T1} stdout F`)).toMatchObject({ text: '' });
    expect(parseLogRecord('garbage')).toBeUndefined();
    expect(parseLogRecord(`${T1} stdin F x`)).toBeUndefined();
  });

  it('joins partial pieces per stream, with the time of the first piece', () => {
    const j = new LineJoiner();
    expect(j.push({ time: 'a', stream: 'stdout', full: false, text: 'hel' })).toBeUndefined();
    expect(j.push({ time: 'b', stream: 'stderr', full: true, text: 'err' })).toEqual({ stream: 'stderr', line: 'err', time: 'b', partial: false });
    expect(j.push({ time: 'c', stream: 'stdout', full: true, text: 'lo' })).toEqual({ stream: 'stdout', line: 'hello', time: 'a', partial: false });
    j.push({ time: 'd', stream: 'stdout', full: false, text: 'tail' });
    expect(j.flush()).toEqual([{ stream: 'stdout', line: 'tail', time: 'd', partial: true }]);
  });

  it('normalizes times to Z and reads them to the millisecond', () => {
    expect(normalizeTime(T1)).toBe('2026-01-02T03:04:05.123456789Z');
    expect(timeMs('2026-01-02T03:04:05.123456789Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 123));
  });
});

describe('readLogs', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stk-logs-'));
    file = join(dir, 'container.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const all = async (it: AsyncIterable<LogEntry>): Promise<string[]> => {
    const out: string[] = [];
    for await (const e of it) out.push(`${e.stream}:${e.line}${e.partial ? '…' : ''}`);
    return out;
  };

  it('reads every line, tail N, since and until', async () => {
    writeFileSync(file, `${T1} stdout F one\n${T1} stderr F two\n${T2} stdout F three\n`);
    expect(await all(readLogs(file))).toEqual(['stdout:one', 'stderr:two', 'stdout:three']);
    expect(await all(readLogs(file, { tail: 1 }))).toEqual(['stdout:three']);
    expect(await all(readLogs(file, { tail: 0 }))).toEqual([]);
    expect(await all(readLogs(file, { sinceMs: timeMs(normalizeTime(T2)) }))).toEqual(['stdout:three']);
    expect(await all(readLogs(file, { untilMs: timeMs(normalizeTime(T1)) }))).toEqual(['stdout:one', 'stderr:two']);
  });

  it('a log that cannot be read is our error, not a raw one', async () => {
    await expect(all(readLogs(dir))).rejects.toMatchObject({ code: 'STK5224' });
  });

  it('a missing file is an empty log', async () => {
    expect(await all(readLogs(join(dir, 'nope')))).toEqual([]);
    expect(await logSize(join(dir, 'nope'))).toBe(0);
  });

  it('follow: new lines as they come, the end once the container exited and the file is drained', async () => {
    writeFileSync(file, `${T1} stdout F first\n`);
    const exited = deferred<number>();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const e of readLogs(file, { follow: true, exited: exited.promise })) {
        seen.push(e.line);
        if (e.line === 'first') appendFileSync(file, `${T2} stdout P sec\n${T2} stdout F ond\n`);
        if (e.line === 'second') {
          appendFileSync(file, `${T2} stdout P last-words\n`);
          exited.resolve(0);
        }
      }
    })();
    await reading;
    expect(seen).toEqual(['first', 'second', 'last-words']);
  });

  it('follow: starts over when the log was truncated (log-size-max)', async () => {
    writeFileSync(file, `${T1} stdout F aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n`);
    const exited = deferred<number>();
    const seen: string[] = [];
    for await (const e of readLogs(file, { follow: true, exited: exited.promise })) {
      seen.push(e.line);
      if (seen.length === 1) writeFileSync(file, `${T2} stdout F b\n`);
      if (seen.length === 2) exited.resolve(0);
    }
    expect(seen).toEqual(['a'.repeat(40), 'b']);
  });

  it('follow ends when its signal fires', async () => {
    writeFileSync(file, '');
    const controller = new AbortController();
    const done = all(readLogs(file, { follow: true, exited: new Promise(() => {}), signal: controller.signal }));
    controller.abort();
    expect(await done).toEqual([]);
  });

  it('fromOffset skips what was written before', async () => {
    writeFileSync(file, `${T1} stdout F old\n`);
    const offset = await logSize(file);
    appendFileSync(file, `${T2} stdout F new\n`);
    expect(await all(readLogs(file, { fromOffset: offset }))).toEqual(['stdout:new']);
  });
});
