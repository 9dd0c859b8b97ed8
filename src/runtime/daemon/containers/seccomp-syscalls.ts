/**
 * Our seccomp policy as data, written for reading: the system calls every
 * container may make, and the ones a capability unlocks. It follows Docker's
 * default profile's semantics (deny by default with EPERM; namespaces,
 * mounts, kernel modules, clock setting, tracing, keyrings, BPF and perf
 * only with the matching capability; clone with namespace flags only with
 * CAP_SYS_ADMIN; clone3 answered ENOSYS so libc falls back to clone), but it
 * is our own list. Names this kernel or libseccomp does not know are skipped
 * by runc, so 32-bit and newer calls can be listed freely.
 */

/** Always allowed, grouped by what programs use them for. */
export const ALLOWED_SYSCALLS: Readonly<Record<string, readonly string[]>> = {
  files: [
    'access', 'chdir', 'chmod', 'chown', 'chown32', 'close', 'close_range', 'copy_file_range', 'creat', 'dup', 'dup2', 'dup3',
    'faccessat', 'faccessat2', 'fadvise64', 'fadvise64_64', 'fallocate', 'fanotify_mark', 'fchdir', 'fchmod', 'fchmodat', 'fchmodat2',
    'fchown', 'fchown32', 'fchownat', 'fcntl', 'fcntl64', 'fdatasync', 'fgetxattr', 'flistxattr', 'flock', 'fremovexattr', 'fsetxattr',
    'fstat', 'fstat64', 'fstatat64', 'fstatfs', 'fstatfs64', 'fsync', 'ftruncate', 'ftruncate64', 'futimesat', 'getcwd', 'getdents',
    'getdents64', 'getxattr', 'inotify_add_watch', 'inotify_init', 'inotify_init1', 'inotify_rm_watch', 'lchown', 'lchown32', 'lgetxattr',
    'link', 'linkat', 'listxattr', 'llistxattr', '_llseek', 'lremovexattr', 'lseek', 'lsetxattr', 'lstat', 'lstat64', 'memfd_create',
    'mkdir', 'mkdirat', 'mknod', 'mknodat', 'newfstatat', 'oldfstat', 'oldlstat', 'oldstat', 'open', 'openat', 'openat2', 'pipe', 'pipe2',
    'pread64', 'preadv', 'preadv2', 'pwrite64', 'pwritev', 'pwritev2', 'read', 'readahead', 'readdir', 'readlink', 'readlinkat', 'readv',
    'removexattr', 'rename', 'renameat', 'renameat2', 'rmdir', 'sendfile', 'sendfile64', 'setxattr', 'splice', 'stat', 'stat64', 'statfs',
    'statfs64', 'statx', 'symlink', 'symlinkat', 'sync', 'sync_file_range', 'syncfs', 'tee', 'truncate', 'truncate64', 'umask', 'unlink',
    'unlinkat', 'utime', 'utimensat', 'utimensat_time64', 'utimes', 'vmsplice', 'write', 'writev', 'cachestat',
    'landlock_add_rule', 'landlock_create_ruleset', 'landlock_restrict_self',
  ],
  memory: [
    'brk', 'madvise', 'membarrier', 'mincore', 'mlock', 'mlock2', 'mlockall', 'mmap', 'mmap2', 'mprotect', 'mremap', 'msync', 'munlock',
    'munlockall', 'munmap', 'pkey_alloc', 'pkey_free', 'pkey_mprotect', 'remap_file_pages', 'map_shadow_stack',
  ],
  processes: [
    'arch_prctl', 'capget', 'capset', 'execve', 'execveat', 'exit', 'exit_group', 'fork', 'vfork', 'getegid', 'getegid32', 'geteuid',
    'geteuid32', 'getgid', 'getgid32', 'getgroups', 'getgroups32', 'getpgid', 'getpgrp', 'getpid', 'getppid', 'getpriority', 'getresgid',
    'getresgid32', 'getresuid', 'getresuid32', 'getrlimit', 'ugetrlimit', 'getrusage', 'getsid', 'gettid', 'getuid', 'getuid32',
    'ioprio_get', 'ioprio_set', 'kill', 'tkill', 'tgkill', 'pidfd_open', 'pidfd_send_signal', 'prctl', 'prlimit64', 'sched_get_priority_max',
    'sched_get_priority_min', 'sched_getaffinity', 'sched_getattr', 'sched_getparam', 'sched_getscheduler', 'sched_rr_get_interval',
    'sched_rr_get_interval_time64', 'sched_setaffinity', 'sched_setattr', 'sched_setparam', 'sched_setscheduler', 'sched_yield', 'seccomp',
    'set_robust_list', 'get_robust_list', 'set_tid_address', 'set_thread_area', 'get_thread_area', 'setfsgid', 'setfsgid32', 'setfsuid',
    'setfsuid32', 'setgid', 'setgid32', 'setgroups', 'setgroups32', 'setpgid', 'setpriority', 'setregid', 'setregid32', 'setresgid',
    'setresgid32', 'setresuid', 'setresuid32', 'setreuid', 'setreuid32', 'setrlimit', 'setsid', 'setuid', 'setuid32', 'uname', 'olduname',
    'wait4', 'waitid', 'waitpid', 'rseq', 'restart_syscall', 'modify_ldt', 'ptrace',
  ],
  signals: [
    'alarm', 'pause', 'rt_sigaction', 'rt_sigpending', 'rt_sigprocmask', 'rt_sigqueueinfo', 'rt_sigreturn', 'rt_sigsuspend', 'rt_sigtimedwait',
    'rt_sigtimedwait_time64', 'rt_tgsigqueueinfo', 'sigaction', 'sigaltstack', 'signal', 'signalfd', 'signalfd4', 'sigpending', 'sigprocmask',
    'sigreturn', 'sigsuspend',
  ],
  time: [
    'adjtimex', 'clock_getres', 'clock_getres_time64', 'clock_gettime', 'clock_gettime64', 'clock_nanosleep', 'clock_nanosleep_time64',
    'getitimer', 'gettimeofday', 'nanosleep', 'setitimer', 'time', 'timer_create', 'timer_delete', 'timer_getoverrun', 'timer_gettime',
    'timer_gettime64', 'timer_settime', 'timer_settime64', 'timerfd_create', 'timerfd_gettime', 'timerfd_gettime64', 'timerfd_settime',
    'timerfd_settime64', 'times',
  ],
  waiting: [
    'epoll_create', 'epoll_create1', 'epoll_ctl', 'epoll_ctl_old', 'epoll_pwait', 'epoll_pwait2', 'epoll_wait', 'epoll_wait_old', 'eventfd',
    'eventfd2', 'futex', 'futex_time64', 'futex_waitv', 'poll', 'ppoll', 'ppoll_time64', 'pselect6', 'pselect6_time64', 'select', '_newselect',
    'io_cancel', 'io_destroy', 'io_getevents', 'io_pgetevents', 'io_pgetevents_time64', 'io_setup', 'io_submit', 'ioctl',
  ],
  ipc: [
    'ipc', 'mq_getsetattr', 'mq_notify', 'mq_open', 'mq_timedreceive', 'mq_timedreceive_time64', 'mq_timedsend', 'mq_timedsend_time64',
    'mq_unlink', 'msgctl', 'msgget', 'msgrcv', 'msgsnd', 'semctl', 'semget', 'semop', 'semtimedop', 'semtimedop_time64', 'shmat', 'shmctl',
    'shmdt', 'shmget',
  ],
  network: [
    'accept', 'accept4', 'bind', 'connect', 'getpeername', 'getsockname', 'getsockopt', 'listen', 'recv', 'recvfrom', 'recvmmsg',
    'recvmmsg_time64', 'recvmsg', 'send', 'sendmmsg', 'sendmsg', 'sendto', 'setsockopt', 'shutdown', 'socket', 'socketcall', 'socketpair',
  ],
  system: ['getcpu', 'getrandom', 'sysinfo'],
};

/** Unlocked by a capability in the container's effective set. */
export const CAPABILITY_SYSCALLS: Readonly<Record<string, readonly string[]>> = {
  CAP_SYS_ADMIN: [
    'bpf', 'clone', 'clone3', 'fanotify_init', 'fsconfig', 'fsmount', 'fsopen', 'fspick', 'lookup_dcookie', 'mount', 'mount_setattr',
    'move_mount', 'name_to_handle_at', 'open_tree', 'perf_event_open', 'quotactl', 'quotactl_fd', 'setdomainname', 'sethostname', 'setns',
    'syslog', 'umount', 'umount2', 'unshare',
  ],
  CAP_SYS_BOOT: ['reboot'],
  CAP_SYS_CHROOT: ['chroot'],
  CAP_SYS_MODULE: ['delete_module', 'init_module', 'finit_module'],
  CAP_SYS_PACCT: ['acct'],
  CAP_SYS_PTRACE: ['kcmp', 'pidfd_getfd', 'process_madvise', 'process_vm_readv', 'process_vm_writev'],
  CAP_SYS_RAWIO: ['iopl', 'ioperm'],
  CAP_SYS_TIME: ['settimeofday', 'stime', 'clock_settime', 'clock_settime64', 'clock_adjtime', 'clock_adjtime64'],
  CAP_SYS_TTY_CONFIG: ['vhangup'],
  CAP_SYS_NICE: ['get_mempolicy', 'mbind', 'set_mempolicy', 'set_mempolicy_home_node'],
  CAP_SYSLOG: ['syslog'],
  CAP_BPF: ['bpf'],
  CAP_PERFMON: ['perf_event_open'],
};

/** The namespace flags of clone(2) (NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET): without CAP_SYS_ADMIN, clone must have none. */
export const CLONE_NAMESPACE_FLAGS = 0x7e020000;

/** personality(2) personas glibc and compat tools ask for (PER_LINUX, PER_LINUX32, UNAME26 variants, and the query 0xffffffff). */
export const ALLOWED_PERSONALITIES: readonly number[] = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

export const ENOSYS = 38;
export const EPERM = 1;
