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
 * Signals are taken synchronously with sigtimedwait: this program practises what the course
 * teaches (no work in a signal handler).
 *
 * usage: supervisor --report PATH [--nproc N] [--cpu S] [--as BYTES] [--timeout-ms MS]
 *                   [--linger-ms MS] [--cgroup DIR] [--uid N --gid N] [--foreground]
 *                   -- PROGRAM [ARG...]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct options {
    const char *report;
    const char *cgroup;
    long nproc, cpu_seconds, timeout_ms, linger_ms;
    long long address_space;
    long uid, gid;
    int foreground;
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
    o->nproc = o->cpu_seconds = o->timeout_ms = o->address_space = -1;
    o->uid = o->gid = -1;
    o->linger_ms = 200;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--") == 0) { o->argv = &argv[i + 1]; break; }
        if (strcmp(a, "--foreground") == 0) { o->foreground = 1; continue; }
        if (!v) { dprintf(2, "pitfalls supervisor: %s needs a value\n", a); exit(125); }
        if (strcmp(a, "--report") == 0) o->report = v;
        else if (strcmp(a, "--cgroup") == 0) o->cgroup = v;
        else if (strcmp(a, "--nproc") == 0) o->nproc = atol(v);
        else if (strcmp(a, "--cpu") == 0) o->cpu_seconds = atol(v);
        else if (strcmp(a, "--as") == 0) o->address_space = atoll(v);
        else if (strcmp(a, "--timeout-ms") == 0) o->timeout_ms = atol(v);
        else if (strcmp(a, "--linger-ms") == 0) o->linger_ms = atol(v);
        else if (strcmp(a, "--uid") == 0) o->uid = atol(v);
        else if (strcmp(a, "--gid") == 0) o->gid = atol(v);
        else { dprintf(2, "pitfalls supervisor: unknown option %s\n", a); exit(125); }
        i++;
    }
    if (!o->report || !o->argv || !o->argv[0]) {
        dprintf(2, "usage: supervisor --report PATH [caps] -- PROGRAM [ARG...]\n");
        exit(125);
    }
}

static void set_limit(int resource, long long value) {
    if (value < 0) return;
    struct rlimit rl = { (rlim_t)value, (rlim_t)value };
    if (setrlimit(resource, &rl) != 0) die("setrlimit");
}

/* The program starts with stdin, stdout and stderr only. Whatever the runner's own environment let
 * leak to us without O_CLOEXEC is closed, so every other descriptor seen in the run was made in it. */
static void close_inherited_descriptors(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
    struct rlimit rl;
    long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536 ? (long)rl.rlim_cur : 65536;
    for (long fd = 3; fd < max; fd++) close((int)fd);
}

/* In the child, between fork and exec: only async-signal-safe calls, then exec or _exit. */
static void become_program(const struct options *o, const sigset_t *original_mask) {
    setpgid(0, 0);
    if (o->foreground && isatty(0)) {
        /* SIGTTOU is blocked here (inherited mask), so a background group may take the terminal. */
        tcsetpgrp(0, getpid());
    }
    if (o->cgroup) {
        char path[4096], pid[32];
        snprintf(path, sizeof path, "%s/cgroup.procs", o->cgroup);
        int n = snprintf(pid, sizeof pid, "%d\n", getpid());
        int fd = open(path, O_WRONLY);
        if (fd < 0 || write(fd, pid, n) != n) { dprintf(2, "pitfalls supervisor: cannot join %s: %s\n", o->cgroup, strerror(errno)); _exit(125); }
        close(fd);
    }
    set_limit(RLIMIT_CPU, o->cpu_seconds);
    set_limit(RLIMIT_AS, o->address_space);
    set_limit(RLIMIT_CORE, 0);
    if (o->gid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)o->gid) != 0)) { dprintf(2, "pitfalls supervisor: setgid: %s\n", strerror(errno)); _exit(125); }
    /* RLIMIT_NPROC binds only a non-root real uid, so it is set before dropping to one. */
    set_limit(RLIMIT_NPROC, o->nproc);
    if (o->uid >= 0 && setuid((uid_t)o->uid) != 0) { dprintf(2, "pitfalls supervisor: setuid: %s\n", strerror(errno)); _exit(125); }
    prctl(PR_SET_PDEATHSIG, 0);
    close_inherited_descriptors();
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
    sigprocmask(SIG_SETMASK, original_mask, NULL);
    execvp(o->argv[0], o->argv);
    dprintf(2, "pitfalls supervisor: cannot run %s: %s\n", o->argv[0], strerror(errno));
    _exit(127);
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

static int reap_all(pid_t program, int *program_status, int *program_done) {
    int reaped = 0, status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        reaped++;
        if (pid == program) { *program_status = status; *program_done = 1; }
    }
    return reaped;
}

int main(int argc, char **argv) {
    struct options o;
    parse(argc, argv, &o);
    pid_t runner = getppid();

    /* Orphans of the run come back to us, not to PID 1 (which may never reap them). */
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) die("PR_SET_CHILD_SUBREAPER");
    /* If the runner dies, even by SIGKILL, we hear of it and clean up. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);

    sigset_t wanted, original;
    sigemptyset(&wanted);
    int taken[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGTTOU, SIGTTIN };
    for (unsigned i = 0; i < sizeof taken / sizeof taken[0]; i++) sigaddset(&wanted, taken[i]);
    sigprocmask(SIG_BLOCK, &wanted, &original);
    if (getppid() != runner) { dprintf(2, "pitfalls supervisor: the runner is gone\n"); return 125; }

    long long started = now_ms();
    pid_t program = fork();
    if (program < 0) die("fork");
    if (program == 0) become_program(&o, &original);
    setpgid(program, program);

    const char *reason = "exited";
    int program_status = 0, program_done = 0, reaped = 0, killed = 0;
    long long program_ended = 0;
    int ending = 0;
    for (;;) {
        reaped += reap_all(program, &program_status, &program_done);
        if (program_done && !program_ended) program_ended = now_ms();
        long long now = now_ms();
        if (!ending) {
            if (program_done) {
                pid_t rest[1];
                /* Let what the program started finish for a moment, then end the rest. */
                if (list_descendants(getpid(), rest, 1) == 0) break;
                if (now - program_ended >= o.linger_ms) ending = 1;
            } else if (o.timeout_ms >= 0 && now - started >= o.timeout_ms) {
                reason = "timeout";
                ending = 1;
            }
        }
        if (ending) break;
        struct timespec slice = { 0, 10 * 1000 * 1000 };
        siginfo_t info;
        int sig = sigtimedwait(&wanted, &info, &slice);
        if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP || sig == SIGQUIT) {
            reason = "stopped";
            break;
        }
    }

    /* Kill every process of the run, reap them all, and only then report. */
    static pid_t pids[1 << 16];
    for (int round = 0; round < 1000; round++) {
        int left = 0;
        if (kill(-program, SIGKILL) == 0) left++;
        left += kill_cgroup_members(o.cgroup);
        int n = list_descendants(getpid(), pids, 1 << 16);
        for (int i = 0; i < n; i++) if (kill(pids[i], SIGKILL) == 0) left++;
        if (round == 0) killed = n;
        reaped += reap_all(program, &program_status, &program_done);
        if (n == 0 && waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD) break;
        usleep(2000);
    }

    /* The runner removes the cgroup too, but if it died, this is the only one left to do it. */
    for (int attempt = 0; o.cgroup && attempt < 50 && rmdir(o.cgroup) != 0 && errno == EBUSY; attempt++) usleep(2000);

    FILE *report = fopen(o.report, "w");
    if (!report) die("report");
    fprintf(report, "program=%d\n", program);
    fprintf(report, "reason=%s\n", reason);
    if (program_done && WIFEXITED(program_status)) fprintf(report, "exit_code=%d\n", WEXITSTATUS(program_status));
    if (program_done && WIFSIGNALED(program_status)) fprintf(report, "exit_signal=%d\ncore=%d\n", WTERMSIG(program_status), WCOREDUMP(program_status) ? 1 : 0);
    fprintf(report, "elapsed_ms=%lld\n", (program_ended ? program_ended : now_ms()) - started);
    fprintf(report, "reaped=%d\nkilled_at_end=%d\n", reaped, killed);
    fclose(report);
    return 0;
}
