import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { StackError } from '../base/index.ts';

/**
 * The build context of a service as the engine's build API takes it: a tar
 * of the context directory without what `.dockerignore` excludes, plus the
 * Dockerfile when it lives outside the context or is given inline (then as
 * `.stack.Dockerfile`, which the build is pointed at).
 */
export interface BuildContext {
  readonly tar: Readable;
  /** The Dockerfile's path inside the tar. */
  readonly dockerfile: string;
}

export async function buildContext(contextDir: string, dockerfile: string | undefined, inline: string | undefined): Promise<BuildContext> {
  let ignore: IgnoreRule[] = [];
  try {
    ignore = parseDockerignore(await readFile(join(contextDir, '.dockerignore'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') ignore = [];
    else throw unreadable(contextDir, error);
  }
  const archive = pack();
  const files: string[] = [];
  try {
    await walk(contextDir, '', ignore, files);
  } catch (error) {
    throw unreadable(contextDir, error);
  }
  let inside = dockerfile ?? 'Dockerfile';
  let extra: Buffer | undefined;
  if (inline !== undefined) {
    inside = '.stack.Dockerfile';
    extra = Buffer.from(inline);
  } else if (dockerfile !== undefined && (dockerfile.startsWith('/') || dockerfile.startsWith('..'))) {
    const absolute = dockerfile.startsWith('/') ? dockerfile : join(contextDir, dockerfile);
    const rel = relative(contextDir, absolute);
    if (rel.startsWith('..') || rel.startsWith(sep)) {
      extra = await readFile(absolute);
      inside = '.stack.Dockerfile';
    } else {
      inside = rel.split(sep).join('/');
    }
  }
  void (async () => {
    try {
      for (const path of files) await addEntry(archive, contextDir, path);
      if (extra !== undefined) await new Promise<void>((resolve, reject) => archive.entry({ name: inside, mode: 0o644, size: extra.length }, extra, (e) => (e ? reject(e) : resolve())));
      archive.finalize();
    } catch (error) {
      archive.destroy(error as Error);
    }
  })();
  return { tar: Readable.from(archive), dockerfile: inside };
}

async function walk(root: string, rel: string, ignore: readonly IgnoreRule[], out: string[]): Promise<void> {
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    const excluded = isIgnored(path, ignore);
    // A directory that is excluded may still hold an exception (`!dir/keep`): descend when some rule re-includes.
    if (entry.isDirectory()) {
      if (!excluded) out.push(path);
      if (!excluded || ignore.some((r) => r.negate)) await walk(root, path, ignore, out);
    } else if (!excluded) {
      out.push(path);
    }
  }
}

async function addEntry(archive: ReturnType<typeof pack>, root: string, path: string): Promise<void> {
  const absolute = join(root, path);
  const info = await lstat(absolute);
  const base = { name: path, mode: info.mode & 0o7777, mtime: info.mtime, uid: 0, gid: 0 };
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (info.isDirectory()) archive.entry({ ...base, type: 'directory' }, done);
    else if (info.isSymbolicLink()) void readlink(absolute).then((target) => archive.entry({ ...base, type: 'symlink', linkname: target }, done), reject);
    else if (info.isFile()) void readFile(absolute).then((content) => archive.entry({ ...base, type: 'file', size: content.length }, content, done), reject);
    else resolve();
  });
}

export interface IgnoreRule {
  readonly negate: boolean;
  readonly pattern: RegExp;
}

/** `.dockerignore`: one pattern per line, `#` comments, `!` exceptions, Go's filepath.Match plus `**`; the last matching rule wins. */
export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    line = line.replace(/^\/+/, '').replace(/\/+$/, '').replace(/^\.\//, '');
    if (line === '') continue;
    rules.push({ negate, pattern: globToRegExp(line) });
  }
  return rules;
}

export function isIgnored(path: string, rules: readonly IgnoreRule[]): boolean {
  let ignored = false;
  for (const rule of rules) {
    // A pattern matches a path or any of its parent directories (`node_modules` excludes everything under it).
    if (rule.pattern.test(path) || parents(path).some((p) => rule.pattern.test(p))) ignored = !rule.negate;
  }
  return ignored;
}

function parents(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of directories, `**` at the end anything.
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += `\\${glob[++i]}`;
    else out += c.replace(/[.+^${}()|]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function unreadable(dir: string, error: unknown): StackError {
  return new StackError({
    code: 'STK5019',
    errorClass: 'FailedPrecondition',
    message: `the build context ${dir} cannot be read (${(error as Error).message})`,
    hint: 'check `build.context` in the compose file and the permissions of the directory',
    cause: error,
  });
}
