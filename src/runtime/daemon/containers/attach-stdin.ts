import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { containerError } from './container-errors.ts';
import { minimalEnv } from './run-command.ts';

/**
 * A bridge from a Node stream to conmon's attach socket. conmon (`-i`) feeds
 * the container's stdin from an AF_UNIX SOCK_SEQPACKET socket, which Node's
 * net module cannot open; Perl's core Socket module can, and perl-base is
 * Essential on Debian, so every host that has conmon has it. Each read from
 * our stdin becomes one packet; at its end we shut the socket down for
 * writing, which makes conmon close the container's stdin (unless it runs
 * with --leave-stdin-open). Output that conmon sends to attached clients is
 * read and dropped: attach reads output from the log, and an unread socket
 * could stall conmon.
 */
const BRIDGE = `
use strict; use warnings; use Socket;
socket(my $s, AF_UNIX, SOCK_SEQPACKET, 0) or die "socket: $!\\n";
connect($s, pack_sockaddr_un($ARGV[0])) or die "connect: $!\\n";
my $pid = fork();
die "fork: $!\\n" unless defined $pid;
if ($pid == 0) { close(STDIN); my $b; while (1) { my $n = sysread($s, $b, 65536); last if !$n; } exit 0; }
my $buf;
while (1) {
  my $n = sysread(STDIN, $buf, 8192);
  last if !$n;
  my $off = 0;
  while ($off < $n) { my $w = syswrite($s, $buf, $n - $off, $off); die "write: $!\\n" unless defined $w; $off += $w; }
}
shutdown($s, 1);
kill 'TERM', $pid; waitpid($pid, 0);
`;

export async function attachStdin(socketPath: string, stdin: Readable, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('perl', ['-e', BRIDGE, socketPath], { stdio: ['pipe', 'ignore', 'pipe'], env: minimalEnv(), signal });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin?.on('error', () => undefined); // the bridge may exit (container gone) before our input ends
    stdin.pipe(child.stdin as NodeJS.WritableStream);
    child.on('error', (error) => {
      if ((error as { name?: string }).name === 'AbortError') resolve();
      else reject(attachFailed(socketPath, error.message));
    });
    child.on('close', (code) => {
      stdin.unpipe(child.stdin as NodeJS.WritableStream);
      if (code === 0 || signal?.aborted) resolve();
      else reject(attachFailed(socketPath, stderr.trim() || `exit status ${code}`));
    });
  });
}

function attachFailed(socketPath: string, why: string): Error {
  return containerError('STK5223', 'Unavailable', {
    message: `could not attach to the container's stdin (${socketPath}): ${why}`,
    hint: 'The container must be running with OpenStdin (stdin_open: true); perl (perl-base) must be installed.',
  });
}
