import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';

/** The result of reading a file: its text, or why it could not be read. */
export type ReadResult = { readonly text: string } | { readonly missing: true } | { readonly unreadable: string };

/**
 * The loader's only window on the machine: reading files and asking whether
 * they exist. Phases stay pure; tests can give a host over a temp directory
 * (or an in-memory one) without mocking node:fs.
 */
export interface LoadHost {
  readText(path: string): ReadResult;
  isFile(path: string): boolean;
  /** The home directory, for `~` in paths. */
  readonly home: string;
}

export function nodeHost(home: string = homedir()): LoadHost {
  return {
    home,
    readText(path) {
      try {
        return { text: readFileSync(path, 'utf8') };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
        if (code === 'EISDIR') return { unreadable: 'it is a directory' };
        if (code === 'EACCES' || code === 'EPERM') return { unreadable: 'permission denied' };
        return { unreadable: code ?? 'read error' };
      }
    },
    isFile(path) {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    },
  };
}

/** A host over a map of absolute paths to contents. */
export function memoryHost(files: Readonly<Record<string, string>>, home = '/home/user'): LoadHost {
  return {
    home,
    readText: (path) => (Object.prototype.hasOwnProperty.call(files, path) ? { text: files[path]! } : { missing: true }),
    isFile: (path) => Object.prototype.hasOwnProperty.call(files, path),
  };
}
