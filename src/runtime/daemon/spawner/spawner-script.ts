/**
 * The spawner: a small Perl process (perl-base is Essential on Debian) that
 * runs short-lived tools for stackd. Forking is the expensive part of
 * starting a process, and it costs in proportion to the forking process's
 * memory: from Node (60-100 MB resident) a spawn blocks the event loop for
 * 3-8 ms on this machine, from a 5 MB Perl well under a millisecond, and
 * not on our event loop at all.
 *
 * Protocol on stdin/stdout: every message is a netstring (`<len>:<bytes>,`)
 * whose payload is a sequence of netstrings (the fields).
 *   request  run:  "run", id, file, cwd, timeoutMs, argc, args..., envc, env..., input
 *   request  sync: "sync", id, file, cwd, timeoutMs, argc, args..., envc, env...
 *                  a detached monitor (its own session, /dev/null stdio) with a pipe on
 *                  fd 3; answered with the first line it writes there (or at EOF),
 *                  kind "sync"; its exit is not waited for (it outlives us)
 *   request  kill: "kill", id, signal number
 *   response:      id, kind ("exit" | "error"), status or errno, signal, stdout, stderr
 * An exec that fails reports kind "error" with the errno. Children run with
 * their own process group so a kill reaches what they started.
 */
export const SPAWNER_SCRIPT = String.raw`
use strict; use warnings;
use POSIX qw(:sys_wait_h);
use IO::Select; use Fcntl;
$SIG{PIPE} = 'IGNORE';
binmode STDIN; binmode STDOUT;
my $chld = 0; $SIG{CHLD} = sub { $chld = 1 };
my $inbuf = '';
my (%job, %byfh);
my $sel = IO::Select->new(\*STDIN);
my $wsel = IO::Select->new();
my $open_in = 1;

sub ns { my $s = shift; return length($s) . ':' . $s . ','; }
sub fields {
  my ($p) = @_; my @f; my $i = 0;
  while ($i < length($p)) {
    my $c = index($p, ':', $i); die "bad field" if $c < 0;
    my $n = substr($p, $i, $c - $i); push @f, substr($p, $c + 1, $n); $i = $c + 1 + $n + 1;
  }
  return @f;
}
sub nb { my $fh = shift; my $fl = fcntl($fh, F_GETFL, 0); fcntl($fh, F_SETFL, $fl | O_NONBLOCK); }
sub respond {
  my ($id, $kind, $code, $sig, $out, $err) = @_;
  my $msg = ns(ns($id) . ns($kind) . ns($code) . ns($sig) . ns($out) . ns($err));
  my $off = 0;
  while ($off < length($msg)) { my $w = syswrite(STDOUT, $msg, length($msg) - $off, $off); if (!defined $w) { next if $!{EINTR} || $!{EAGAIN}; exit 0; } $off += $w; }
}
sub start_job {
  my ($id, $file, $cwd, $timeout, @rest) = @_;
  my $argc = shift @rest; my @args = splice(@rest, 0, $argc);
  my $envc = shift @rest; my @env = splice(@rest, 0, $envc);
  my $input = shift @rest;
  pipe(my $ir, my $iw) or return respond($id, 'error', 0 + $!, 0, '', "pipe: $!");
  pipe(my $or, my $ow) or return respond($id, 'error', 0 + $!, 0, '', "pipe: $!");
  pipe(my $er, my $ew) or return respond($id, 'error', 0 + $!, 0, '', "pipe: $!");
  pipe(my $xr, my $xw) or return respond($id, 'error', 0 + $!, 0, '', "pipe: $!");
  fcntl($xw, F_SETFD, FD_CLOEXEC);
  my $pid = fork();
  if (!defined $pid) { return respond($id, 'error', 0 + $!, 0, '', "fork: $!"); }
  if ($pid == 0) {
    close $iw; close $or; close $er; close $xr;
    POSIX::setpgid(0, 0);
    POSIX::dup2(fileno($ir), 0); POSIX::dup2(fileno($ow), 1); POSIX::dup2(fileno($ew), 2);
    $SIG{PIPE} = 'DEFAULT'; $SIG{CHLD} = 'DEFAULT';
    if ($cwd ne '' && !chdir($cwd)) { syswrite($xw, pack('N', 0 + $!)); POSIX::_exit(127); }
    %ENV = map { my $e = index($_, '='); (substr($_, 0, $e) => substr($_, $e + 1)) } @env;
    { no warnings 'exec'; exec { $file } $file, @args; }
    syswrite($xw, pack('N', 0 + $!)); POSIX::_exit(127);
  }
  close $ir; close $ow; close $ew; close $xw;
  my $errno = '';
  my $got = sysread($xr, $errno, 4); close $xr;
  if ($got) { waitpid($pid, 0); close $iw; close $or; close $er; return respond($id, 'error', unpack('N', $errno), 0, '', ''); }
  nb($iw); nb($or); nb($er);
  my $j = { id => $id, pid => $pid, out => '', err => '', in => $input, inoff => 0, iw => $iw, open => 2, status => undef,
            deadline => $timeout > 0 ? time() + $timeout / 1000 : 0 };
  $job{$pid} = $j;
  $byfh{fileno($or)} = [$j, 'out', $or]; $byfh{fileno($er)} = [$j, 'err', $er];
  $sel->add($or, $er);
  if (length($input) > 0) { $byfh{fileno($iw)} = [$j, 'in', $iw]; $wsel->add($iw); } else { close $iw; $j->{iw} = undef; }
}
sub start_sync {
  my ($id, $file, $cwd, $timeout, @rest) = @_;
  my $argc = shift @rest; my @args = splice(@rest, 0, $argc);
  my $envc = shift @rest; my @env = splice(@rest, 0, $envc);
  pipe(my $sr, my $sw) or return respond($id, 'error', 0 + $!, 0, '', "pipe: $!");
  pipe(my $xr, my $xw) or return respond($id, 'error', 0 + $!, 0, '', "pipe: $!");
  fcntl($xw, F_SETFD, FD_CLOEXEC);
  my $pid = fork();
  if (!defined $pid) { return respond($id, 'error', 0 + $!, 0, '', "fork: $!"); }
  if ($pid == 0) {
    close $sr; close $xr;
    POSIX::setsid();
    open(my $null, '+<', '/dev/null');
    POSIX::dup2(fileno($null), 0); POSIX::dup2(fileno($null), 1); POSIX::dup2(fileno($null), 2);
    POSIX::dup2(fileno($sw), 3);
    $SIG{PIPE} = 'DEFAULT'; $SIG{CHLD} = 'DEFAULT';
    if ($cwd ne '' && !chdir($cwd)) { syswrite($xw, pack('N', 0 + $!)); POSIX::_exit(127); }
    %ENV = map { my $e = index($_, '='); (substr($_, 0, $e) => substr($_, $e + 1)) } @env;
    { no warnings 'exec'; exec { $file } $file, @args; }
    syswrite($xw, pack('N', 0 + $!)); POSIX::_exit(127);
  }
  close $sw; close $xw;
  my $errno = '';
  my $got = sysread($xr, $errno, 4); close $xr;
  if ($got) { waitpid($pid, 0); close $sr; return respond($id, 'error', unpack('N', $errno), 0, '', ''); }
  nb($sr);
  my $j = { id => $id, pid => $pid, sync => 1, out => '', err => '', open => 1, status => 0,
            deadline => $timeout > 0 ? time() + $timeout / 1000 : 0 };
  $job{"sync$id"} = $j;
  $byfh{fileno($sr)} = [$j, 'out', $sr];
  $sel->add($sr);
}
sub finish_if_done {
  my $j = shift;
  if ($j->{sync}) {
    my $nl = index($j->{out}, "\n");
    return unless $nl >= 0 || $j->{open} == 0;
    respond($j->{id}, 'sync', 0, 0, $nl >= 0 ? substr($j->{out}, 0, $nl) : $j->{out}, '');
    for my $k (keys %byfh) { if ($byfh{$k}[0] == $j) { $sel->remove($byfh{$k}[2]); close $byfh{$k}[2]; delete $byfh{$k}; } }
    delete $job{"sync" . $j->{id}};
    return;
  }
  return unless $j->{open} == 0 && defined $j->{status};
  my $st = $j->{status};
  my ($code, $sig) = WIFSIGNALED($st) ? (-1, WTERMSIG($st)) : (WEXITSTATUS($st), 0);
  respond($j->{id}, 'exit', $code, $sig, $j->{out}, $j->{err});
  delete $job{$j->{pid}};
}
sub reap {
  while ((my $pid = waitpid(-1, WNOHANG)) > 0) {
    my $j = $job{$pid}; next unless $j;
    $j->{status} = $?; finish_if_done($j);
  }
}
while (1) {
  my $wait = undef;
  for my $j (values %job) {
    next unless $j->{deadline};
    my $left = $j->{deadline} - time();
    if ($left > 0) { $wait = $left if !defined $wait || $left < $wait; next; }
    $j->{deadline} = 0;
    if ($j->{sync}) { $j->{open} = 0; $j->{out} = ''; finish_if_done($j); } else { kill 'KILL', -$j->{pid}; }
  }
  $wait = 1 if !defined $wait || $wait > 1;
  if ($chld) { $chld = 0; reap(); }
  my ($r, $w) = IO::Select->select($sel, $wsel, undef, $wait);
  if ($chld) { $chld = 0; reap(); }
  for my $fh (@{ $w || [] }) {
    my $e = $byfh{fileno($fh)}; next unless $e; my $j = $e->[0];
    my $n = syswrite($fh, $j->{in}, length($j->{in}) - $j->{inoff}, $j->{inoff});
    if (!defined $n) { next if $!{EAGAIN} || $!{EINTR}; $n = length($j->{in}) - $j->{inoff}; }
    $j->{inoff} += $n;
    if ($j->{inoff} >= length($j->{in})) { $wsel->remove($fh); delete $byfh{fileno($fh)}; close $fh; $j->{iw} = undef; }
  }
  for my $fh (@{ $r || [] }) {
    if ($fh == \*STDIN) {
      my $n = sysread(STDIN, my $buf, 65536);
      if (!defined $n) { next if $!{EINTR} || $!{EAGAIN}; exit 0; }
      if ($n == 0) { exit 0; }
      $inbuf .= $buf;
      while (1) {
        my $c = index($inbuf, ':'); last if $c < 0;
        my $len = substr($inbuf, 0, $c); last if length($inbuf) < $c + 1 + $len + 1;
        my $payload = substr($inbuf, $c + 1, $len); $inbuf = substr($inbuf, $c + 1 + $len + 1);
        my @f = fields($payload); my $kind = shift @f;
        if ($kind eq 'run') { start_job(@f); }
        elsif ($kind eq 'sync') { start_sync(@f); }
        elsif ($kind eq 'kill') { my ($id, $signal) = @f; for my $j (values %job) { kill($signal, -$j->{pid}) if $j->{id} eq $id; } }
      }
      next;
    }
    my $e = $byfh{fileno($fh)}; next unless $e;
    my ($j, $which) = @$e;
    my $n = sysread($fh, my $buf, 65536);
    if (!defined $n) { next if $!{EAGAIN} || $!{EINTR}; $n = 0; }
    if ($n == 0) { $sel->remove($fh); delete $byfh{fileno($fh)}; close $fh; $j->{open}--; finish_if_done($j); }
    else { $j->{$which} .= $buf; finish_if_done($j) if $j->{sync}; }
  }
}
`;
