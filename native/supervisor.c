/*
 * supervisor: runs one side of a lesson under containment and leaves nothing behind.
 *
 * It puts the program in a process group of its own, applies the caps (processes, CPU, address
 * space, wall clock), joins it to a pids cgroup or drops it to an unprivileged uid when asked, and
 * is a child subreaper, so every orphan of the run comes back to it and is reaped. When the program
 * ends, when the time is up, or when the runner (or its death) says so, it kills every process of
 * the run, by process group, by cgroup membership and by descent from itself, never by name or uid,
 * reaps them all, and writes what happened to the report file as "key=value" lines.
 *
 * It is also the runner's eyes where /proc alone would blink: with --events it writes, as lines,
 * every fork, exec and exit of the run's processes (from the kernel's process-event connector,
 * where this process may listen to it: root in the first namespaces), every orphan it reaps with
 * its status, and the lines the program writes on its report descriptor (PITFALLS_REPORT_FD).
 * With --hold the program waits, between fork and exec, until the runner says go (SIGUSR1), so
 * the observer has seen it before it can do anything; a program that ends in 1 ms is still seen.
 *
 * Every catchable signal is blocked and the ones it acts on are read from a signalfd: this
 * program practises what the course teaches (no work in a signal handler), and a program that
 * "tells its parent" with kill(getppid(), ...) cannot kill it.
 *
 * usage: supervisor --report PATH [--events PATH] [--hold] [--nproc N] [--cpu S] [--as BYTES]
 *                   [--timeout-ms MS] [--linger-ms MS] [--cgroup DIR] [--uid N --gid N]
 *                   [--nice N] [--fsize BYTES] [--nofile N] [--exec-fds] [--foreground]
 *                   [--private-tmp MIB [--nproc-alone N] [--carry PATH]... [--expose PATH:NAME]]
 *                   [--keep-files DIR] [--pid-namespace]
 *                   -- PROGRAM [ARG...]
 * --cgroup may be given more than once (a pids cgroup, a memory cgroup): the program joins each.
 *
 * --pid-namespace: the run gets a PID namespace of its own where the kernel gives one (as root; as an
 * ordinary user, together with the run's own user namespace). Its first process, PID 1 there, is a
 * small init of ours (run_init): it starts the program, then reaps every process of the run that ends
 * with no parent left to wait for it, and tells the supervisor who it reaped. kill(-1) cannot reach past
 * the namespace, and when the init ends the kernel ends every process in it: no pid of the run can be
 * mistaken for another's. The program sees itself as PID 2 and its orphans' parent as PID 1, as in the
 * textbook; the runner observes from outside, with the machine's pids.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/cn_proc.h>
#include <linux/audit.h>
#include <linux/connector.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The descriptor the program's report lines go to (named in PITFALLS_REPORT_FD): high, so the
 * program's own pipe() and open() still get 3, 4, ... as the lessons show them. */
#define REPORT_FD 100
/* The most report bytes relayed for one run; past it they are counted, not kept (a flood). */
#define REPORT_BUDGET (256 * 1024)
#define REPORT_LINE_MAX 4096
/* Without a word from the runner, the program is let go after this long anyway. */
#define HOLD_MAX_MS 3000

/* --exec-fds: describe each exec'd process's descriptors (see describe_exec_fds). */
static int exec_fds;

#define MAX_CGROUPS 4
/* Paths carried into a private /tmp: the program, a twin's folder, PATH folders under /tmp. */
#define MAX_CARRIED 16

struct options {
    const char *report, *events, *keep_files;
    /* A program file the run's uid could not reach (node under a 0700 home, as root), shown in the
     * working directory under NAME: "PATH:NAME". */
    const char *expose;
    const char *cgroups[MAX_CGROUPS];
    int cgroup_count;
    /* Paths the program needs (its binary, a twin's folder) that a private /tmp must not hide. */
    const char *carry[MAX_CARRIED];
    int carry_count;
    long nproc, nproc_alone, cpu_seconds, timeout_ms, linger_ms, nice, nofile, private_tmp_mib;
    long long file_size;
    long long address_space;
    long uid, gid;
    int foreground, hold, pid_namespace;
    char **argv;
};

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void die(const char *what) {
    dprintf(2, "pitfalls supervisor: %s: %s\n", what, strerror(errno));
    exit(125);
}

static void parse(int argc, char **argv, struct options *o) {
    memset(o, 0, sizeof *o);
    o->nproc = o->nproc_alone = o->cpu_seconds = o->timeout_ms = o->address_space = o->file_size = o->nofile = o->private_tmp_mib = -1;
    o->uid = o->gid = -1;
    o->linger_ms = 200;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--") == 0) { o->argv = &argv[i + 1]; break; }
        if (strcmp(a, "--foreground") == 0) { o->foreground = 1; continue; }
        if (strcmp(a, "--hold") == 0) { o->hold = 1; continue; }
        if (strcmp(a, "--exec-fds") == 0) { exec_fds = 1; continue; }
        if (strcmp(a, "--pid-namespace") == 0) { o->pid_namespace = 1; continue; }
        if (!v) { dprintf(2, "pitfalls supervisor: %s needs a value\n", a); exit(125); }
        if (strcmp(a, "--report") == 0) o->report = v;
        else if (strcmp(a, "--events") == 0) o->events = v;
        else if (strcmp(a, "--cgroup") == 0 && o->cgroup_count < MAX_CGROUPS) o->cgroups[o->cgroup_count++] = v;
        else if (strcmp(a, "--private-tmp") == 0) o->private_tmp_mib = atol(v);
        else if (strcmp(a, "--keep-files") == 0) o->keep_files = v;
        else if (strcmp(a, "--expose") == 0) o->expose = v;
        else if (strcmp(a, "--carry") == 0 && o->carry_count < MAX_CARRIED) o->carry[o->carry_count++] = v;
        else if (strcmp(a, "--nproc") == 0) o->nproc = atol(v);
        else if (strcmp(a, "--nproc-alone") == 0) o->nproc_alone = atol(v);
        else if (strcmp(a, "--cpu") == 0) o->cpu_seconds = atol(v);
        else if (strcmp(a, "--as") == 0) o->address_space = atoll(v);
        else if (strcmp(a, "--timeout-ms") == 0) o->timeout_ms = atol(v);
        else if (strcmp(a, "--linger-ms") == 0) o->linger_ms = atol(v);
        else if (strcmp(a, "--uid") == 0) o->uid = atol(v);
        else if (strcmp(a, "--gid") == 0) o->gid = atol(v);
        else if (strcmp(a, "--nice") == 0) o->nice = atol(v);
        else if (strcmp(a, "--fsize") == 0) o->file_size = atoll(v);
        else if (strcmp(a, "--nofile") == 0) o->nofile = atol(v);
        else { dprintf(2, "pitfalls supervisor: unknown option %s\n", a); exit(125); }
        i++;
    }
    if (!o->report || !o->argv || !o->argv[0]) {
        dprintf(2, "usage: supervisor --report PATH [caps] -- PROGRAM [ARG...]\n");
        exit(125);
    }
}

/* The event log: one line per event, each written with one write(2) (O_APPEND). Times are
 * CLOCK_MONOTONIC milliseconds, the clock Node's process.hrtime reads, so the runner can place
 * them on its own time line. */
static int events_fd = -1;

static void event(const char *format, ...) {
    if (events_fd < 0) return;
    char line[REPORT_LINE_MAX + 128];
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(line, sizeof line - 1, format, ap);
    va_end(ap);
    if (n < 0) return;
    if (n > (int)sizeof line - 2) n = (int)sizeof line - 2;
    line[n++] = '\n';
    (void)!write(events_fd, line, (size_t)n);
}

/* The program starts with stdin, stdout, stderr and the report descriptor only. Whatever the
 * runner's own environment let leak to us without O_CLOEXEC is closed, so every other descriptor
 * seen in the run was made in it. */
static void close_range_of(int from, int to) {
    if (from > to) return;
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)from, (unsigned)to, 0U) == 0) return;
#endif
    for (long fd = from; fd <= to && fd < 65536; fd++) close((int)fd);
}

static void close_inherited_descriptors(int keep_a, int keep_b) {
    int low = keep_a < keep_b ? keep_a : keep_b, high = keep_a < keep_b ? keep_b : keep_a;
    close_range_of(3, low - 1);
    close_range_of(low + 1, high - 1);
    close_range_of(high + 1, 0x7fffffff);
}

/* kill(-1, sig) signals every process the caller may signal: the classic bug after a failed fork
 * (pid -1 taken for a child's), which the process cap itself provokes. A seccomp filter makes it fail
 * with EPERM in the run; every other kill, and every other call, goes through. (As root the program
 * already runs as a uid of its own, whose kill(-1) reaches only its run; for an ordinary user it would
 * reach every process of the learner's.) */
static int refuse_kill_everyone(void) {
#if defined(__x86_64__)
#define RUN_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define RUN_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif
#ifdef RUN_AUDIT_ARCH
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, RUN_AUDIT_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_kill, 0, 3),
        /* pid_t is an int: its low 32 bits are the whole argument. */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffu, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = { .len = sizeof filter / sizeof filter[0], .filter = filter };
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
#else
    return 0;
#endif
}

/* --private-tmp (as root): the run gets a mount and an IPC namespace of its own, where /tmp, /var/tmp,
 * /dev/shm and its working directory are fresh tmpfs of at most N MiB each (their pages count against
 * the run's memory cgroup too), and SysV IPC is its own: what the program writes cannot fill the
 * machine's disks and goes with the run. What the runner staged in the working directory (the
 * program's binary, a twin's folder) is carried into the new one, bind-mounted read-only.
 * Returns 0 when done, -1 when the kernel refuses a namespace (the run goes on with the machine's
 * folders, and says so), or the failed step's number (the program must not start half-moved). */
#define MAX_STAGED 16

/* Writes `text` to a file of /proc/self (the maps of a new user namespace). */
static int write_proc(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* As an ordinary user: a user namespace of the run's own, where this uid and gid map to themselves.
 * It gives the mounts below (the kernel allows them in a namespace the user owns), and a task count of
 * the run's own: RLIMIT_NPROC counts the tasks of the uid in the namespace it binds, so the cap no
 * longer counts the learner's other processes, nor another run's. The program keeps no capability:
 * its uid is not 0 in the namespace, and execve drops what the namespace gave. 1 when made. */
static int map_own_ids(uid_t uid, gid_t gid) {
    char map[64];
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
    if (write_proc("/proc/self/uid_map", map) != 0) return -1;
    if (write_proc("/proc/self/setgroups", "deny\n") != 0) return -1;
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
    if (write_proc("/proc/self/gid_map", map) != 0) return -1;
    return 1;
}

static int own_user_namespace(void) {
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWUSER) != 0) return 0;
    return map_own_ids(uid, gid);
}

static int in_own_user_namespace;
/* 1 in the program when it runs in the run's own PID namespace (under run_init). */
static int in_run_pid_namespace;
/* 1 when the run's init (see run_init) made the run's user namespace: it counts as one of the uid's tasks there. */
static int init_in_user_namespace;

/* Whether a user namespace of the run's own would work whole here (made, mapped, and a tmpfs mounted in
 * it): tried first in a throwaway child of the supervisor, outside the run, because a namespace once
 * entered cannot be left, and a kernel may give one and then refuse what it is for (AppArmor's
 * restriction of unprivileged user namespaces gives one without capabilities). */
static int user_namespace_works(void) {
    pid_t probe = fork();
    if (probe < 0) return 0;
    if (probe == 0) {
        if (own_user_namespace() != 1) _exit(1);
        if (unshare(CLONE_NEWNS) != 0) _exit(2);
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) _exit(3);
        if (mount("tmpfs", ".", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m") != 0) _exit(4);
        _exit(0);
    }
    int status;
    while (waitpid(probe, &status, 0) < 0) if (errno != EINTR) return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int user_namespace_ok;

/* Makes the folders above `path` (not `path` itself), 0755, where they are missing. */
static int make_parents(const char *path) {
    char copy[4096];
    if (strlen(path) >= sizeof copy) return -1;
    strcpy(copy, path);
    for (char *slash = copy + 1; (slash = strchr(slash, '/')); slash++) {
        *slash = 0;
        if (mkdir(copy, 0755) != 0 && errno != EEXIST) return -1;
        *slash = '/';
    }
    return 0;
}

/* Bind-mounts what `fd` (an O_PATH descriptor) holds at `target`, read-only where the kernel lets this
 * namespace change the flags (a user namespace may not, for a mount it inherited: then it stays as it was). */
static int bind_at(int fd, int is_dir, const char *target) {
    char source[64];
    snprintf(source, sizeof source, "/proc/self/fd/%d", fd);
    if (make_parents(target) != 0) return -1;
    if (is_dir ? mkdir(target, 0755) != 0 && errno != EEXIST : close(open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0644)) != 0) return -1;
    if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
    (void)mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
    return 0;
}

static int private_scratch(const struct options *o) {
    char cwd[2048];
    if (!getcwd(cwd, sizeof cwd) || cwd[0] != '/') return 1;
    if (geteuid() != 0 && !in_own_user_namespace) {
        if (!user_namespace_ok) return -1;
        if (own_user_namespace() != 1) return 11;
        in_own_user_namespace = 1;
    }
    if (unshare(CLONE_NEWNS) != 0) return -1;
    (void)unshare(CLONE_NEWIPC);
    /* Nothing mounted from here on propagates back to the machine's namespace. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return 3;
    /* The staged entries, held by O_PATH descriptors opened in the new namespace (a bind mount's
     * source must be one of its mounts): they stay reachable once hidden. */
    int staged[MAX_STAGED], staged_dir[MAX_STAGED], count = 0;
    char names[MAX_STAGED][256];
    DIR *dir = opendir(".");
    if (!dir) return 2;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < MAX_STAGED) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0 || strlen(entry->d_name) >= sizeof names[0]) continue;
        int fd = openat(dirfd(dir), entry->d_name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) continue;
        strcpy(names[count], entry->d_name);
        staged[count] = fd;
        staged_dir[count++] = S_ISDIR(st.st_mode);
    }
    closedir(dir);
    /* What the program needs from elsewhere, held the same way (a cache or a package under /tmp). */
    int carried[MAX_CARRIED], carried_dir[MAX_CARRIED];
    struct stat carried_stat[MAX_CARRIED];
    for (int i = 0; i < o->carry_count; i++) {
        carried[i] = open(o->carry[i], O_PATH | O_CLOEXEC);
        if (carried[i] >= 0 && fstat(carried[i], &carried_stat[i]) != 0) { close(carried[i]); carried[i] = -1; }
        carried_dir[i] = carried[i] >= 0 && S_ISDIR(carried_stat[i].st_mode);
    }
    /* Opened while still root: the run's uid could not pass the folders on the way. */
    int exposed = -1;
    char exposed_name[256] = "";
    if (o->expose) {
        const char *colon = strrchr(o->expose, ':');
        char source[4096];
        if (!colon || (size_t)(colon - o->expose) >= sizeof source || strlen(colon + 1) >= sizeof exposed_name || strchr(colon + 1, '/')) return 12;
        memcpy(source, o->expose, (size_t)(colon - o->expose));
        source[colon - o->expose] = 0;
        strcpy(exposed_name, colon + 1);
        exposed = open(source, O_PATH | O_CLOEXEC);
        if (exposed < 0) return 12;
    }
    char options[128];
    snprintf(options, sizeof options, "size=%ldm,nr_inodes=16k,mode=1777", o->private_tmp_mib);
    const char *shared[] = { "/tmp", "/var/tmp", "/dev/shm" };
    for (unsigned i = 0; i < sizeof shared / sizeof shared[0]; i++) {
        struct stat st;
        if (stat(shared[i], &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        if (mount("tmpfs", shared[i], "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) return 4;
    }
    /* The working directory at the same path, made again where a tmpfs above now hides it. */
    for (char *slash = cwd + 1; (slash = strchr(slash, '/')); slash++) {
        *slash = 0;
        if (mkdir(cwd, 0755) != 0 && errno != EEXIST) return 5;
        *slash = '/';
    }
    if (mkdir(cwd, 0755) != 0 && errno != EEXIST) return 5;
    snprintf(options, sizeof options, "size=%ldm,nr_inodes=16k,mode=0755,uid=%ld,gid=%ld", o->private_tmp_mib, o->uid >= 0 ? o->uid : (long)getuid(), o->gid >= 0 ? o->gid : (long)getgid());
    if (mount("tmpfs", cwd, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) return 6;
    for (int i = 0; i < count; i++) {
        char target[2048 + 260];
        snprintf(target, sizeof target, "%s/%s", cwd, names[i]);
        if (bind_at(staged[i], staged_dir[i], target) != 0) return 8;
        close(staged[i]);
    }
    if (exposed >= 0) {
        char target[2048 + 260];
        snprintf(target, sizeof target, "%s/%s", cwd, exposed_name);
        if (bind_at(exposed, 0, target) != 0) return 13;
        close(exposed);
    }
    /* A carried path that a tmpfs above now hides is put back at the same path, read-only. */
    for (int i = 0; i < o->carry_count; i++) {
        struct stat now;
        if (carried[i] < 0) continue;
        int hidden = stat(o->carry[i], &now) != 0 || now.st_dev != carried_stat[i].st_dev || now.st_ino != carried_stat[i].st_ino;
        if (hidden && bind_at(carried[i], carried_dir[i], o->carry[i]) != 0) return 9;
        close(carried[i]);
    }
    if (chdir(cwd) != 0) return 10;
    /* In the run's own PID namespace, a /proc of that namespace: the program's /proc/self, ps and /proc/PID
     * agree with its getpid(), and no process outside the run is listed. Where the kernel refuses (a
     * container that masks parts of /proc), the machine's /proc stays: naming a pid still reaches only the run. */
    if (in_run_pid_namespace) (void)mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    return 0;
}

/* In the child, between fork and exec: the supervisor has one thread, so the child may call what
 * is not async-signal-safe (setenv, opendir), then exec or _exit. A failure to start is written to `failed` as
 * "what errno" before _exit(125); a failed exec too, so the runner can say which. */
/* --keep-files: the child sends the supervisor a descriptor of its working directory (once it is the
 * run's own), so what the program wrote there can be copied out at the end, even from a tmpfs whose
 * namespace is gone by then. */
static void send_fd(int socket, int fd) {
    char byte = 'd';
    struct iovec iov = { &byte, 1 };
    union { struct cmsghdr header; char space[CMSG_SPACE(sizeof(int))]; } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space };
    struct cmsghdr *c = CMSG_FIRSTHDR(&message);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    (void)!sendmsg(socket, &message, MSG_DONTWAIT);
}

static int receive_fd(int socket) {
    char byte;
    struct iovec iov = { &byte, 1 };
    union { struct cmsghdr header; char space[CMSG_SPACE(sizeof(int))]; } control;
    struct msghdr message = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space };
    if (recvmsg(socket, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) <= 0) return -1;
    struct cmsghdr *c = CMSG_FIRSTHDR(&message);
    if (!c || c->cmsg_type != SCM_RIGHTS) return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

#define KEEP_FILES_MAX 32
#define KEEP_BYTES_MAX (64 * 1024)

/* Copies the regular files at the top of the run's working directory (at most 32, the first 64 KiB of
 * each) into `into`, and logs each as "file T SIZE NAME" (a folder as "file T dir NAME"). Nothing is
 * followed: no symbolic link, no FIFO, no device is opened. */
static void keep_files(int dir, const char *into) {
    int out_dir = open(into, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fdopendir(dir);
    if (out_dir < 0 || !d) { if (out_dir >= 0) close(out_dir); if (d) closedir(d); else close(dir); return; }
    struct dirent *entry;
    int kept = 0;
    static char buffer[KEEP_BYTES_MAX];
    while ((entry = readdir(d)) && kept < KEEP_FILES_MAX) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        struct stat st;
        if (fstatat(dirfd(d), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        if (S_ISDIR(st.st_mode)) { event("file %lld dir %s", now_ms(), entry->d_name); kept++; continue; }
        if (!S_ISREG(st.st_mode)) continue;
        int in = openat(dirfd(d), entry->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (in < 0 || fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) { if (in >= 0) close(in); continue; }
        ssize_t n = read(in, buffer, sizeof buffer);
        close(in);
        int out = openat(out_dir, entry->d_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (out >= 0) { if (n > 0) (void)!write(out, buffer, (size_t)n); close(out); }
        event("file %lld %lld %s", now_ms(), (long long)st.st_size, entry->d_name);
        kept++;
    }
    closedir(d);
    close(out_dir);
}

static void become_program(const struct options *o, const sigset_t *original_mask, int gate, int report, int failed, int files) {
    char why[256];
    if (o->foreground) {
        /* A side in a terminal of its own (the runner's pseudo-terminal): the program's group takes
         * it. SIGTTOU is blocked here (inherited mask), so a background group may. */
        setpgid(0, 0);
        if (isatty(0)) tcsetpgrp(0, getpid());
    } else {
        /* A session of its own, with no controlling terminal: /dev/tty fails, so the program cannot
         * reach the learner's terminal. Its process group is its session's, led by it. */
        setsid();
    }
    for (int c = 0; c < o->cgroup_count; c++) {
        char path[4096], pid[32];
        snprintf(path, sizeof path, "%s/cgroup.procs", o->cgroups[c]);
        int n = snprintf(pid, sizeof pid, "%d\n", getpid());
        int fd = open(path, O_WRONLY);
        if (fd < 0 || write(fd, pid, n) != n) {
            int n2 = snprintf(why, sizeof why, "cgroup %d", errno);
            (void)!write(failed, why, n2);
            _exit(125);
        }
        close(fd);
    }
    /* Lower priority than the runner's observer, so a spinning or forking program cannot starve it. */
    if (o->nice > 0) setpriority(PRIO_PROCESS, 0, (int)o->nice);
    struct { int resource; long long value; const char *name; } limits[] = {
        { RLIMIT_CPU, o->cpu_seconds, "RLIMIT_CPU" }, { RLIMIT_AS, o->address_space, "RLIMIT_AS" }, { RLIMIT_CORE, 0, "RLIMIT_CORE" },
        { RLIMIT_FSIZE, o->file_size, "RLIMIT_FSIZE" }, { RLIMIT_NOFILE, o->nofile, "RLIMIT_NOFILE" },
    };
    for (unsigned i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        if (limits[i].value < 0) continue;
        /* The CPU limit's hard value is a second above the soft one: SIGXCPU comes first, and says
         * which cap ended the program; SIGKILL follows if it is caught or ignored. */
        struct rlimit rl = { (rlim_t)limits[i].value, (rlim_t)limits[i].value + (limits[i].resource == RLIMIT_CPU) };
        if (setrlimit(limits[i].resource, &rl) != 0) { int n = snprintf(why, sizeof why, "setrlimit %d", errno); (void)!write(failed, why, n); _exit(125); }
    }
    if (o->private_tmp_mib > 0) {
        int step = private_scratch(o);
        if (step > 0) { int n = snprintf(why, sizeof why, "private-scratch-step-%d %d", step, errno); (void)!write(failed, why, n); _exit(125); }
        event("scratch %lld %s %d %s", now_ms(), step == 0 ? "private" : "shared", step == 0 ? 0 : errno, in_own_user_namespace ? "userns" : "-");
    }
    if (o->gid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)o->gid) != 0)) { int n = snprintf(why, sizeof why, "setgid %d", errno); (void)!write(failed, why, n); _exit(125); }
    /* RLIMIT_NPROC binds only a non-root real uid, so it is set before dropping to one. */
    /* The run's init, when it shares the run's user namespace, is one task of the uid there too. */
    long nproc = in_own_user_namespace && o->nproc_alone >= 0 ? o->nproc_alone + init_in_user_namespace : o->nproc;
    if (nproc >= 0) {
        struct rlimit rl = { (rlim_t)nproc, (rlim_t)nproc };
        if (setrlimit(RLIMIT_NPROC, &rl) != 0) { int n = snprintf(why, sizeof why, "setrlimit %d", errno); (void)!write(failed, why, n); _exit(125); }
    }
    if (o->uid >= 0 && setuid((uid_t)o->uid) != 0) { int n = snprintf(why, sizeof why, "setuid %d", errno); (void)!write(failed, why, n); _exit(125); }
    prctl(PR_SET_PDEATHSIG, 0);
    /* No set-user-ID program, file capability or LSM transition can give the run more privilege. */
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (refuse_kill_everyone() != 0) { int n = snprintf(why, sizeof why, "seccomp %d", errno); (void)!write(failed, why, n); _exit(125); }
    if (files >= 0) {
        int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (here >= 0) send_fd(files, here);
        if (here >= 0) close(here);
        close(files);
    }
    /* Wait for the runner's go: it has seen this process in /proc by then. */
    if (gate >= 0) {
        char go;
        while (read(gate, &go, 1) < 0 && errno == EINTR) {}
        close(gate);
    }
    if (report >= 0) {
        if (dup2(report, REPORT_FD) == REPORT_FD) setenv("PITFALLS_REPORT_FD", "100", 1);
        if (report != REPORT_FD) close(report);
    }
    /* The failure pipe stays close-on-exec: the program never sees it. */
    close_inherited_descriptors(REPORT_FD, failed);
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
    sigprocmask(SIG_SETMASK, original_mask, NULL);
    execvp(o->argv[0], o->argv);
    int n = snprintf(why, sizeof why, "exec %d", errno);
    (void)!write(failed, why, n);
    _exit(127);
}

/* --- the run's PID namespace and its init --- */

/* What the init tells the supervisor of each process it reaped: its pid outside (0 when unknown) and how it ended. */
struct reaped_record { int pid; int inside; int status; };

/* The pid, in the machine's namespace, of a process the caller sees as `pid` in its own: read from the
 * fdinfo of a pidfd, which names the pid as the /proc it is read through sees it (the machine's /proc).
 * 0 when the kernel cannot say. */
static pid_t outside_pid(pid_t pid) {
#ifdef SYS_pidfd_open
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd < 0) return 0;
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    int info = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = info >= 0 ? read(info, text, sizeof text - 1) : -1;
    if (info >= 0) close(info);
    close(fd);
    if (n <= 0) return 0;
    text[n] = 0;
    char *line = strstr(text, "\nPid:");
    return line ? (pid_t)atoi(line + 5) : 0;
#else
    (void)pid;
    return 0;
#endif
}

/* Starts a process in a PID namespace of its own, like fork(): 0 in the child (PID 1 there), its pid
 * outside in the parent, -1 when the kernel refuses. As an ordinary user the namespace needs a user
 * namespace to own it: both are made at once, and the child maps its own uid and gid in it. */
static pid_t fork_into_pid_namespace(void) {
    int own_user = geteuid() != 0;
    if (own_user && !user_namespace_ok) return -1;
    uid_t uid = getuid();
    gid_t gid = getgid();
    /* A raw clone with no new stack: a fork with namespace flags (glibc's clone() wants a stack of its own). */
    pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)(CLONE_NEWPID | (own_user ? CLONE_NEWUSER : 0) | SIGCHLD), NULL, NULL, NULL, NULL);
    if (pid == 0 && own_user) {
        if (map_own_ids(uid, gid) != 1) _exit(124);
        in_own_user_namespace = init_in_user_namespace = 1;
    }
    return pid;
}

/* PID 1 of the run: starts the program (PID 2), tells the supervisor the program's pid outside and
 * inside (one line on `announce`), then reaps every process of the namespace as it ends, the program
 * and every orphan alike, with a record for each on `reaps`, until none is left; then it ends, and so
 * does the namespace. Every signal stays blocked (the supervisor's mask); the kernel also keeps from
 * PID 1 every signal sent from inside its namespace that it has no handler for. SIGKILL from outside
 * (the supervisor at the end, or the supervisor's death) ends it, and with it every process of the run. */
static void run_init(const struct options *o, const sigset_t *original_mask, int gate, int report, int failed, int files, int announce, int reaps, int stop) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Nothing of the run may trace it or read its memory (it shares the ordinary user's uid there). */
    prctl(PR_SET_DUMPABLE, 0);
    pid_t program = fork();
    if (program < 0) { char why[64]; int n = snprintf(why, sizeof why, "fork %d", errno); (void)!write(failed, why, n); _exit(125); }
    if (program == 0) {
        in_run_pid_namespace = 1;
        char self[32];
        ssize_t n = readlink("/proc/self", self, sizeof self - 1);
        self[n > 0 ? n : 0] = 0;
        dprintf(announce, "%d %d\n", atoi(self), (int)getpid());
        close(announce);
        close(reaps);
        close(stop);
        become_program(o, original_mask, gate, report, failed, files);
    }
    /* The terminal side's group, from both sides (see main). */
    if (o->foreground) setpgid(program, program);
    /* Only the record pipe and the stop pipe stay; stdio goes to /dev/null, so no pipe of the runner waits on us. */
    close_inherited_descriptors(reaps, stop);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) { dup2(null, 0); dup2(null, 1); dup2(null, 2); if (null > 2) close(null); }
    /* SIGCHLD stays blocked (the supervisor's mask) and is read from a signalfd: a child's end wakes us. */
    sigset_t child_ended;
    sigemptyset(&child_ended);
    sigaddset(&child_ended, SIGCHLD);
    int ended = signalfd(-1, &child_ended, SFD_CLOEXEC | SFD_NONBLOCK);
    int stopping = 0;
    for (;;) {
        for (;;) {
            siginfo_t info;
            memset(&info, 0, sizeof info);
            /* Who ended, without reaping it yet: its pid outside is read while it is still there. */
            if (waitid(P_ALL, 0, &info, WEXITED | WNOWAIT | WNOHANG) != 0) {
                if (errno == EINTR) continue;
                _exit(0); /* ECHILD: no process of the run is left, and the namespace ends with us */
            }
            if (info.si_pid == 0) break;
            struct reaped_record record = { outside_pid(info.si_pid), info.si_pid, 0 };
            if (waitpid(info.si_pid, &record.status, 0) < 0) continue;
            (void)!write(reaps, &record, sizeof record);
        }
        /* The supervisor ends the run by closing the stop pipe (or by dying): kill(-1) here reaches every
         * process of the namespace but this one, and nothing outside it; each is then reaped and recorded.
         * Sent again at each wake, in case a fork was under way. */
        if (stopping) kill(-1, SIGKILL);
        struct pollfd watched[2] = { { .fd = ended, .events = POLLIN }, { .fd = stopping ? -1 : stop, .events = POLLIN } };
        if (poll(watched, 2, ended >= 0 ? 1000 : 10) < 0 && errno != EINTR) _exit(1);
        struct signalfd_siginfo drained;
        while (ended >= 0 && read(ended, &drained, sizeof drained) == sizeof drained) {}
        if (!stopping && watched[1].revents) { stopping = 1; kill(-1, SIGKILL); }
    }
}

/* Parent pid of pid from /proc/PID/stat, or -1 when it is gone. */
static pid_t parent_of(pid_t pid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *end = strrchr(buf, ')');
    if (!end) return -1;
    char state;
    int ppid;
    if (sscanf(end + 2, "%c %d", &state, &ppid) != 2) return -1;
    return ppid;
}

/* Every live descendant of this supervisor, found by walking parent links in /proc. */
static int list_descendants(pid_t self, pid_t *out, int max) {
    static pid_t pids[1 << 16], parents[1 << 16];
    int count = 0, found = 0;
    DIR *d = opendir("/proc");
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)) && count < (1 << 16)) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        pid_t pid = atoi(e->d_name);
        pid_t ppid = parent_of(pid);
        if (ppid > 0) { pids[count] = pid; parents[count] = ppid; count++; }
    }
    closedir(d);
    /* Mark descendants breadth-first: a pid belongs if its parent belongs. */
    int changed = 1;
    static char mine[1 << 16];
    memset(mine, 0, count);
    while (changed) {
        changed = 0;
        for (int i = 0; i < count; i++) {
            if (mine[i]) continue;
            int belongs = parents[i] == self;
            for (int j = 0; !belongs && j < count; j++) belongs = mine[j] && pids[j] == parents[i];
            if (belongs) { mine[i] = 1; changed = 1; }
        }
    }
    for (int i = 0; i < count; i++) if (mine[i] && found < max) out[found++] = pids[i];
    return found;
}

static int kill_cgroup_members(const char *cgroup) {
    if (!cgroup) return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/cgroup.procs", cgroup);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    int pid, killed = 0;
    while (fscanf(f, "%d", &pid) == 1) if (kill(pid, SIGKILL) == 0) killed++;
    fclose(f);
    return killed;
}

static void describe_status(int status, char *out, size_t size) {
    if (WIFEXITED(status)) snprintf(out, size, "code %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) snprintf(out, size, "signal %d", WTERMSIG(status));
    else snprintf(out, size, "status %d", status);
}

/* The run's init (with --pid-namespace): our child, not the run's process; and its pipe of reaped records. */
static pid_t init_pid = -1;
/* The program's pid inside the namespace (2), as it announced it. */
static pid_t init_program_inside;
static int reaps_fd = -1;
static int init_ended;

static void count_reaped(pid_t pid, int status, pid_t program, int *program_status, int *program_done) {
    char how[64];
    describe_status(status, how, sizeof how);
    if (pid > 0) event("reaped %lld %d %s", now_ms(), pid, how);
    if (pid == program) { *program_status = status; *program_done = 1; }
}

/* Reaps what ended among our children, and takes the init's records of what it reaped in the namespace. */
static int reap_all(pid_t program, int *program_status, int *program_done) {
    int reaped = 0, status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        /* The init ending is the namespace ending; it counts only when it had no program to start. */
        if (pid == init_pid) init_ended = 1;
        if (pid == init_pid && program != init_pid) continue;
        reaped++;
        count_reaped(pid, status, program, program_status, program_done);
    }
    if (reaps_fd >= 0) {
        struct reaped_record record;
        ssize_t n;
        while ((n = read(reaps_fd, &record, sizeof record)) == (ssize_t)sizeof record) {
            reaped++;
            /* A kernel without pidfd_open (before 5.3) cannot name the pid outside: the program is known by its pid inside. */
            if (record.pid == 0 && record.inside == init_program_inside) record.pid = program;
            if (record.pid > 0) event("nspid %lld %d %d", now_ms(), record.pid, record.inside);
            count_reaped(record.pid, record.status, program, program_status, program_done);
        }
        if (n == 0) { close(reaps_fd); reaps_fd = -1; }
    }
    return reaped;
}

/* In a PID namespace of the run's: the pid a new process has there (the last of its NSpid line), read
 * as the kernel tells of its fork, so the runner can show the pids the program prints. */
static void describe_inside_pid(pid_t pid, long long t) {
    char path[64], text[2048];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return;
    text[n] = 0;
    char *line = strstr(text, "\nNSpid:");
    if (!line) return;
    char *end = strchr(line + 1, '\n');
    if (end) *end = 0;
    char *last = strrchr(line, '\t');
    if (last && last[1]) event("nspid %lld %d %d", t, pid, atoi(last + 1));
}

/* --- the process-event connector: every fork, exec and exit on the machine, filtered to the run --- */

#define MAX_MEMBERS 4096
static pid_t members[MAX_MEMBERS];
static int member_count;

static int is_member(pid_t pid) {
    for (int i = 0; i < member_count; i++) if (members[i] == pid) return 1;
    return 0;
}

static void add_member(pid_t pid) {
    if (member_count < MAX_MEMBERS && !is_member(pid)) members[member_count++] = pid;
}

/* Listens to the connector; -1 where this process may not (not root, or not in the first
 * namespaces): the runner then relies on sampling alone, and says so. */
static int listen_to_process_events(void) {
    int s = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR);
    if (s < 0) return -1;
    int size = 8 << 20;
    if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0) setsockopt(s, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    struct sockaddr_nl address = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0 };
    if (bind(s, (struct sockaddr *)&address, sizeof address) != 0) { close(s); return -1; }
    char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(enum proc_cn_mcast_op))] __attribute__((aligned(8)));
    memset(buf, 0, sizeof buf);
    struct nlmsghdr *header = (struct nlmsghdr *)buf;
    header->nlmsg_len = sizeof buf;
    header->nlmsg_type = NLMSG_DONE;
    struct cn_msg *message = NLMSG_DATA(header);
    message->id.idx = CN_IDX_PROC;
    message->id.val = CN_VAL_PROC;
    message->len = sizeof(enum proc_cn_mcast_op);
    *(enum proc_cn_mcast_op *)message->data = PROC_CN_MCAST_LISTEN;
    if (send(s, buf, sizeof buf, 0) < 0) { close(s); return -1; }
    return s;
}

/* With --exec-fds: the pipes and sockets a process holds beyond its stdio just after it exec'd,
 * read as soon as the kernel says it did, that its parent holds too: they survived the exec (not
 * close-on-exec), inherited by a program that never asked for them. Read a moment after the exec, so
 * only what is shared with the parent counts (the new program may have made pipes of its own by then).
 * The runner's report pipe is left out, and so is the program's own exec (its descriptors are ours). */
static unsigned long report_inode;

#define MAX_SHARED 256
static int parent_targets(pid_t pid, char targets[][64], int max) {
    pid_t parent = parent_of(pid);
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/fd", parent);
    DIR *d = parent > 0 ? opendir(dir) : NULL;
    if (!d) return 0;
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) && count < max) {
        char path[400];
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        ssize_t length = readlink(path, targets[count], 63);
        if (length > 0) { targets[count][length] = 0; count++; }
    }
    closedir(d);
    return count;
}

/* The most "execargv" lines one run writes: a program that execs without end cannot flood the log. */
#define EXEC_ARGV_MAX 256
static int exec_argv_written;

/* Appends `length` bytes to `out` (of `size`), percent-encoding every byte that is not printable
 * ASCII, and '%' itself, so a field holds no space, newline or escape. Returns the new length. */
static size_t encode_field(char *out, size_t at, size_t size, const char *bytes, size_t length) {
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < length && at + 4 < size; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c > 0x20 && c < 0x7f && c != '%') out[at++] = (char)c;
        else { out[at++] = '%'; out[at++] = hex[c >> 4]; out[at++] = hex[c & 15]; }
    }
    out[at] = 0;
    return at;
}

/* What a process of the run exec'd, read at once from /proc as the kernel tells of the exec: its new
 * name and its argv ("execargv T PID COMM ARG..."), each field percent-encoded. A program that runs
 * for a millisecond (a shell's `touch`) is caught here when sampling would miss it. */
static void describe_exec_argv(pid_t pid, long long t) {
    if (exec_argv_written >= EXEC_ARGV_MAX) return;
    char path[64], comm[64] = "", cmdline[4096], line[REPORT_LINE_MAX];
    snprintf(path, sizeof path, "/proc/%d/comm", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, comm, sizeof comm - 1) : -1;
    if (fd >= 0) close(fd);
    if (n <= 0) return;
    comm[n] = 0;
    comm[strcspn(comm, "\n")] = 0;
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    n = fd >= 0 ? read(fd, cmdline, sizeof cmdline) : -1;
    if (fd >= 0) close(fd);
    if (n < 0) return;
    size_t at = (size_t)snprintf(line, sizeof line, "execargv %lld %d ", t, pid);
    at = encode_field(line, at, sizeof line, comm, strlen(comm));
    for (ssize_t start = 0; start < n && at + 8 < sizeof line;) {
        size_t length = strnlen(cmdline + start, (size_t)(n - start));
        line[at++] = ' ';
        at = encode_field(line, at, sizeof line, cmdline + start, length);
        start += (ssize_t)length + 1;
    }
    exec_argv_written++;
    event("%s", line);
}

static void describe_exec_fds(pid_t pid, long long t) {
    char dir[64], line[REPORT_LINE_MAX];
    static char shared[MAX_SHARED][64];
    if (member_count > 0 && pid == members[0]) return;
    int parent_count = parent_targets(pid, shared, MAX_SHARED);
    snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
    DIR *d = opendir(dir);
    if (!d) { event("execfds %lld %d gone", t, pid); return; }
    int n = snprintf(line, sizeof line, "execfds %lld %d", t, pid);
    struct dirent *e;
    while ((e = readdir(d)) && n < (int)sizeof line - 128) {
        int fd = atoi(e->d_name);
        if (e->d_name[0] < '0' || e->d_name[0] > '9' || fd <= 2) continue;
        char path[96], target[64] = "", info[128];
        snprintf(path, sizeof path, "%s/%d", dir, fd);
        ssize_t length = readlink(path, target, sizeof target - 1);
        if (length <= 0) continue;
        target[length] = 0;
        unsigned long inode = 0;
        if (sscanf(target, "pipe:[%lu]", &inode) == 1 && inode == report_inode) continue;
        if (strncmp(target, "pipe:", 5) != 0 && strncmp(target, "socket:", 7) != 0) continue;
        int is_shared = 0;
        for (int i = 0; i < parent_count && !is_shared; i++) is_shared = strcmp(shared[i], target) == 0;
        if (!is_shared) continue;
        unsigned flags = 0;
        snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", pid, fd);
        int f = open(path, O_RDONLY | O_CLOEXEC);
        if (f >= 0) {
            ssize_t got = read(f, info, sizeof info - 1);
            close(f);
            if (got > 0) { info[got] = 0; char *at = strstr(info, "flags:"); if (at) flags = (unsigned)strtoul(at + 6, NULL, 8); }
        }
        n += snprintf(line + n, sizeof line - n, " %d=%s=%o", fd, target, flags);
    }
    closedir(d);
    event("%s", line);
}

/* Reads what the connector has; returns 0 when events were lost (the socket overflowed). */
static int read_process_events(int s) {
    char buf[16384] __attribute__((aligned(8)));
    int complete = 1;
    for (;;) {
        ssize_t n = recv(s, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == ENOBUFS) { complete = 0; event("lost %lld", now_ms()); continue; }
            break;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
            struct cn_msg *message = NLMSG_DATA(h);
            if (message->id.idx != CN_IDX_PROC || message->id.val != CN_VAL_PROC) continue;
            struct proc_event *e = (struct proc_event *)message->data;
            /* When the kernel says it happened (CLOCK_MONOTONIC, as now_ms), not when we got to it: under load
             * the runner's sampling may see a new program before we read its exec. */
            long long t = e->timestamp_ns ? (long long)(e->timestamp_ns / 1000000) : now_ms();
            switch (e->what) {
            case PROC_EVENT_FORK:
                /* A new process (not a thread) whose parent process is in the run joins it. */
                if (e->event_data.fork.child_pid == e->event_data.fork.child_tgid && is_member(e->event_data.fork.parent_tgid)) {
                    add_member(e->event_data.fork.child_tgid);
                    event("fork %lld %d %d", t, e->event_data.fork.parent_tgid, e->event_data.fork.child_tgid);
                    if (init_pid > 0) describe_inside_pid(e->event_data.fork.child_tgid, t);
                }
                break;
            case PROC_EVENT_EXEC:
                if (is_member(e->event_data.exec.process_tgid)) {
                    event("exec %lld %d", t, e->event_data.exec.process_tgid);
                    describe_exec_argv(e->event_data.exec.process_tgid, t);
                    if (exec_fds) describe_exec_fds(e->event_data.exec.process_tgid, t);
                }
                break;
            case PROC_EVENT_EXIT:
                /* The thread group leader's exit ends the process (its status is the process's). */
                if (e->event_data.exit.process_pid == e->event_data.exit.process_tgid && is_member(e->event_data.exit.process_tgid)) {
                    unsigned code = e->event_data.exit.exit_code;
                    if ((code & 0x7f) == 0) event("exit %lld %d code %u", t, e->event_data.exit.process_tgid, (code >> 8) & 0xff);
                    else event("exit %lld %d signal %u", t, e->event_data.exit.process_tgid, code & 0x7f);
                }
                break;
            default:
                break;
            }
        }
    }
    return complete;
}

/* --- the report descriptor: lines relayed to the event log, bounded --- */

static char report_line[REPORT_LINE_MAX + 1];
static size_t report_length;
static long report_bytes, report_dropped;
static int report_line_cut;

static void flush_report_line(void) {
    if (report_length == 0 && !report_line_cut) return;
    report_line[report_length] = 0;
    if (report_bytes + (long)report_length <= REPORT_BUDGET) {
        event("report %lld %s", now_ms(), report_line);
        report_bytes += (long)report_length;
    } else {
        report_dropped += (long)report_length;
    }
    report_length = 0;
    report_line_cut = 0;
}

/* Reads what is waiting on the report pipe; returns 0 at its end (every writer gone). */
static int relay_reports(int fd) {
    char buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0) { flush_report_line(); return 0; }
        if (n < 0) return 1;
        for (ssize_t i = 0; i < n; i++) {
            char c = buf[i];
            if (c == '\n') { flush_report_line(); continue; }
            if (report_length < REPORT_LINE_MAX) report_line[report_length++] = c;
            else { report_line_cut = 1; report_dropped++; }
        }
    }
}

int main(int argc, char **argv) {
    struct options o;
    parse(argc, argv, &o);
    pid_t runner = getppid();
    /* Run through a descriptor (/proc/PID/fd/N), our name would be the descriptor's number: the program,
     * until its exec, shows this one instead. */
    prctl(PR_SET_NAME, "supervisor");

    /* Orphans of the run come back to us, not to PID 1 (which may never reap them). */
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) die("PR_SET_CHILD_SUBREAPER");
    /* If the runner dies, even by SIGKILL, we hear of it and clean up. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);

    /* Every catchable signal blocked; the ones acted on are read from a signalfd. */
    sigset_t all, original, wanted;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &original);
    sigemptyset(&wanted);
    int taken[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 };
    for (unsigned i = 0; i < sizeof taken / sizeof taken[0]; i++) sigaddset(&wanted, taken[i]);
    int signals = signalfd(-1, &wanted, SFD_CLOEXEC | SFD_NONBLOCK);
    if (signals < 0) die("signalfd");
    if (getppid() != runner) { dprintf(2, "pitfalls supervisor: the runner is gone\n"); return 125; }

    if (o.events) {
        events_fd = open(o.events, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (events_fd < 0) die("events");
    }
    int connector = o.events ? listen_to_process_events() : -1;
    /* Above the run's priority, so it hears an exec in time to read the new program's descriptors
     * (a raise that needs privilege quietly fails for an ordinary user: the program's nice 10 still holds). */
    if (connector >= 0) setpriority(PRIO_PROCESS, 0, -5);
    int gate[2] = { -1, -1 }, report[2] = { -1, -1 }, failed[2], files[2] = { -1, -1 };
    if (o.keep_files && socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, files) != 0) die("socketpair");
    if (o.hold && pipe2(gate, O_CLOEXEC) != 0) die("pipe");
    if (o.events && pipe2(report, O_CLOEXEC) != 0) die("pipe");
    if (pipe2(failed, O_CLOEXEC) != 0) die("pipe");
    if (report[0] >= 0) fcntl(report[0], F_SETFL, O_NONBLOCK);

    if (o.private_tmp_mib > 0 && geteuid() != 0) user_namespace_ok = user_namespace_works();
    /* With a PID namespace, the init is our child and the program its: the init tells us the program's
     * pids on `announce` and each process it reaps on `reaps`. */
    int announce[2] = { -1, -1 }, reaps[2] = { -1, -1 }, stop[2] = { -1, -1 };
    if (o.pid_namespace && (pipe2(announce, O_CLOEXEC) != 0 || pipe2(reaps, O_CLOEXEC) != 0 || pipe2(stop, O_CLOEXEC) != 0)) die("pipe");
    long long started = now_ms();
    pid_t init = -1, program = -1, program_inside = 0;
    int pid_namespace_errno = 0;
    if (o.pid_namespace) {
        init = fork_into_pid_namespace();
        if (init < 0) pid_namespace_errno = errno ? errno : EPERM;
    }
    /* What only the supervisor holds (its signals, the connector, the ends it reads or writes), closed in a
     * child of it: the init, or the program when there is no init. The event log stays open (close-on-exec)
     * for the program's one line about its scratch. */
    int supervisor_only[] = { signals, connector, gate[1], report[0], failed[0], files[0] };
    if (init == 0) {
        for (unsigned i = 0; i < sizeof supervisor_only / sizeof supervisor_only[0]; i++) if (supervisor_only[i] >= 0) close(supervisor_only[i]);
        close(announce[0]);
        close(reaps[0]);
        close(stop[1]);
        run_init(&o, &original, gate[0], report[1], failed[1], files[1], announce[1], reaps[1], stop[0]);
    }
    if (init < 0) program = fork();
    if (program == 0) {
        /* The child keeps the gate's read end, the report pipe's write end (made inheritable by
         * its dup2 to REPORT_FD) and the failure pipe's write end (close-on-exec). */
        for (unsigned i = 0; i < sizeof supervisor_only / sizeof supervisor_only[0]; i++) if (supervisor_only[i] >= 0) close(supervisor_only[i]);
        if (announce[0] >= 0) { close(announce[0]); close(announce[1]); close(reaps[0]); close(reaps[1]); close(stop[0]); close(stop[1]); }
        become_program(&o, &original, gate[0], report[1], failed[1], files[1]);
    }
    if (init < 0 && program < 0) die("fork");
    if (init > 0) {
        close(announce[1]);
        close(reaps[1]);
        close(stop[0]);
        /* The program's pids, outside and in: a short line, written once the init has started it. */
        char line[64] = "";
        ssize_t n;
        while ((n = read(announce[0], line, sizeof line - 1)) < 0 && errno == EINTR) {}
        close(announce[0]);
        int outside = 0, inside = 0;
        if (n > 0) { line[n] = 0; sscanf(line, "%d %d", &outside, &inside); }
        /* No program (the init could not start one): the init's own ending is the program's. */
        program = outside > 0 ? outside : init;
        program_inside = inside;
        fcntl(reaps[0], F_SETFL, O_NONBLOCK);
        event("pidns %lld on %d %d %d", started, init, program, program_inside);
        init_pid = init;
        init_program_inside = program_inside;
        reaps_fd = reaps[0];
    } else {
        if (announce[0] >= 0) { close(announce[0]); close(announce[1]); close(reaps[0]); close(reaps[1]); close(stop[0]); close(stop[1]); reaps[0] = -1; stop[1] = -1; }
        if (o.pid_namespace) event("pidns %lld off %d", started, pid_namespace_errno);
    }
    if (files[1] >= 0) close(files[1]);
    /* The terminal side's group, set from both sides so neither races the other; a pipe side makes
     * its own session (setsid fails in a process that already leads a group, so not here). */
    if (o.foreground && init < 0) setpgid(program, program);
    add_member(program);
    if (gate[0] >= 0) close(gate[0]);
    if (report[1] >= 0) close(report[1]);
    close(failed[1]);
    struct stat report_pipe;
    if (report[0] >= 0 && fstat(report[0], &report_pipe) == 0) {
        report_inode = (unsigned long)report_pipe.st_ino;
        event("report_pipe %lld pipe:[%lu]", started, report_inode);
    }
    event("start %lld %d connector=%s", started, program, connector >= 0 ? "on" : "off");

    const char *reason = "exited";
    int program_status = 0, program_done = 0, reaped = 0, killed = 0, held = gate[1] >= 0;
    long long program_ended = 0;
    int events_complete = 1;
    for (;;) {
        long long now = now_ms();
        if (held && now - started >= HOLD_MAX_MS) { close(gate[1]); held = 0; event("go %lld late", now); }
        if (program_done) {
            if (!program_ended) program_ended = now;
            pid_t rest[1];
            /* Let what the program started finish for a moment, then end the rest. */
            if (list_descendants(getpid(), rest, 1) == 0) break;
            if (now - program_ended >= o.linger_ms) break;
        } else if (o.timeout_ms >= 0 && now - started >= o.timeout_ms) {
            reason = "timeout";
            break;
        }
        struct pollfd watched[4] = {
            { .fd = signals, .events = POLLIN },
            { .fd = connector, .events = POLLIN },
            { .fd = report[0], .events = POLLIN },
            { .fd = reaps_fd, .events = POLLIN },
        };
        poll(watched, 4, 10);
        if (connector >= 0 && (watched[1].revents & POLLIN)) events_complete &= read_process_events(connector);
        if (report[0] >= 0 && (watched[2].revents & (POLLIN | POLLHUP))) {
            if (!relay_reports(report[0])) { close(report[0]); report[0] = -1; }
        }
        struct signalfd_siginfo info;
        int stop = 0;
        while (read(signals, &info, sizeof info) == sizeof info) {
            int sig = (int)info.ssi_signo;
            if (sig == SIGCHLD) continue;
            /* Only the runner (or the kernel: the runner's death, a terminal hang-up) may stop the run or
             * release the program; a program that signals its parent is ignored. */
            if (info.ssi_pid != 0 && (pid_t)info.ssi_pid != runner) continue;
            if (sig == SIGUSR1) {
                /* The runner's go: it has sampled the held program. */
                if (held) { close(gate[1]); held = 0; event("go %lld", now_ms()); }
                continue;
            }
            stop = 1;
        }
        reaped += reap_all(program, &program_status, &program_done);
        if (stop) { reason = "stopped"; break; }
    }
    if (held) close(gate[1]);

    /* Kill every process of the run, reap them all, and only then report. */
    static pid_t pids[1 << 16];
    if (init > 0) {
        /* In a PID namespace the init ends the run: told by the stop pipe's closing, it sends kill(-1) there,
         * which reaches every process of the run and no other, reaps them all and tells us, then ends. */
        int n = list_descendants(getpid(), pids, 1 << 16);
        for (int i = 0; i < n; i++) if (pids[i] != init || init == program) killed++;
        close(stop[1]);
        long long asked = now_ms();
        while (!init_ended) {
            reaped += reap_all(program, &program_status, &program_done);
            if (init_ended) break;
            /* An init that does not end in time is ended: the kernel then ends every process of its namespace. */
            if (now_ms() - asked >= 1000) kill(init, SIGKILL);
            usleep(2000);
        }
    }
    for (int round = 0; round < 1000; round++) {
        int left = 0;
        int n = list_descendants(getpid(), pids, 1 << 16);
        if (round == 0 && init <= 0) killed = n;
        /* (In a PID namespace, the run ended with its init: its pids may already be another's.) */
        if (init <= 0 && kill(-program, SIGKILL) == 0) left++;
        for (int c = 0; c < o.cgroup_count; c++) left += kill_cgroup_members(o.cgroups[c]);
        for (int i = 0; i < n; i++) if (kill(pids[i], SIGKILL) == 0) left++;
        if (n > 0) n = list_descendants(getpid(), pids, 1 << 16);
        reaped += reap_all(program, &program_status, &program_done);
        if (n == 0 && waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD) break;
        usleep(2000);
    }
    /* What the program left in its working directory, now that nothing of the run can change it. */
    if (files[0] >= 0) {
        int dir = receive_fd(files[0]);
        if (dir >= 0) keep_files(dir, o.keep_files);
        close(files[0]);
    }
    /* What the connector and the report pipe still hold, now that every writer is gone. */
    if (connector >= 0) events_complete &= read_process_events(connector);
    if (report[0] >= 0) relay_reports(report[0]);
    flush_report_line();

    /* The runner removes the cgroup too, but if it died, this is the only one left to do it. */
    for (int c = 0; c < o.cgroup_count; c++) {
        for (int attempt = 0; attempt < 50 && rmdir(o.cgroups[c]) != 0 && errno == EBUSY; attempt++) usleep(2000);
    }

    char start_failure[256] = "";
    ssize_t failure_length = read(failed[0], start_failure, sizeof start_failure - 1);
    if (failure_length > 0) start_failure[failure_length] = 0;

    FILE *out = fopen(o.report, "w");
    if (!out) die("report");
    fprintf(out, "program=%d\n", program);
    fprintf(out, "reason=%s\n", reason);
    if (program_done && WIFEXITED(program_status)) fprintf(out, "exit_code=%d\n", WEXITSTATUS(program_status));
    if (program_done && WIFSIGNALED(program_status)) fprintf(out, "exit_signal=%d\ncore=%d\n", WTERMSIG(program_status), WCOREDUMP(program_status) ? 1 : 0);
    if (failure_length > 0) fprintf(out, "start_failed=%s\n", start_failure);
    fprintf(out, "elapsed_ms=%lld\n", (program_ended ? program_ended : now_ms()) - started);
    fprintf(out, "reaped=%d\nkilled_at_end=%d\n", reaped, killed);
    fprintf(out, "connector=%s\n", connector >= 0 ? (events_complete ? "complete" : "lost") : "off");
    if (report_dropped > 0) fprintf(out, "reports_dropped=%ld\n", report_dropped);
    fprintf(out, "end=1\n");
    fclose(out);
    return 0;
}
