import { PassThrough, Writable } from 'node:stream';

/**
 * A terminal for tests of the live renderers: a writable that says it is a
 * TTY of a given size and keeps every byte, and a keyboard whose raw mode is
 * recorded, so a test can check what reached the screen and that the
 * terminal was given back.
 */
export interface FakeTerminal {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream & { readonly rawMode: boolean };
  readonly output: () => string;
  readonly type: (keys: string) => void;
}

export function fakeTerminal(columns: number, rows: number): FakeTerminal {
  let out = '';
  const stdout = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      out += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      callback();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stdout, { isTTY: true, columns, rows });
  let rawMode = false;
  const input = new PassThrough();
  const stdin = Object.assign(input, {
    isTTY: true,
    setRawMode(mode: boolean) {
      rawMode = mode;
      return stdin;
    },
    ref() {
      return stdin;
    },
    unref() {
      return stdin;
    },
  });
  Object.defineProperty(stdin, 'rawMode', { get: () => rawMode });
  return {
    stdout,
    stdin: stdin as unknown as FakeTerminal['stdin'],
    output: () => out,
    type: (keys: string) => void input.write(keys),
  };
}
