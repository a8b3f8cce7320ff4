/* A hostile program for the containment tests: it tries what a careless or malicious learner's
 * program might, and prints what happened, one "name: result" line each. Run only by the runner. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *result(int ok) { return ok ? "yes" : strerror(errno); }

/* Writes up to `mib` MiB to `path`.0, `path`.1, ... (32 MiB a file, under the file size limit), and
 * says how far it got before the first error: a tmpfs of 64 MiB stops it there. */
static void fill(const char *name, const char *path, int mib) {
    static char block[1 << 20];
    memset(block, 'f', sizeof block);
    int written = 0, fd = -1;
    const char *stopped = "no error";
    while (written < mib) {
        if (written % 32 == 0) {
            char file[256];
            if (fd >= 0) close(fd);
            snprintf(file, sizeof file, "%s.%d", path, written / 32);
            fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd < 0) { stopped = strerror(errno); break; }
        }
        if (write(fd, block, sizeof block) != (ssize_t)sizeof block) { stopped = strerror(errno); break; }
        written++;
    }
    printf("%s: %d MiB, %s\n", name, written, stopped);
    if (fd >= 0) close(fd);
}

/* Children that each touch `mib` MiB at once; says how many were killed (by SIGKILL: an OOM killer). */
static void hog(int children, int mib) {
    for (int i = 0; i < children; i++) {
        if (fork() == 0) {
            char *p = malloc((size_t)mib << 20);
            if (!p) _exit(2);
            for (size_t at = 0; at < (size_t)mib << 20; at += 4096) p[at] = 1;
            sleep(1);
            _exit(0);
        }
    }
    int killed = 0, status;
    while (wait(&status) > 0) if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) killed++;
    printf("memory-hogs-killed: %d\n", killed);
}

int main(int argc, char **argv) {
    pid_t sentinel = argc > 1 ? atoi(argv[1]) : 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGXFSZ, SIG_IGN); /* past the file size limit: EFBIG, not death */
    printf("uid: %d\n", getuid());
    printf("tty: %s\n", result(open("/dev/tty", O_RDWR) >= 0));
    /* In the run's PID namespace: PID 2 under the runner's init (PID 1), which ignores what it is sent from inside. */
    printf("pid: %d\n", (int)getpid());
    printf("parent: %d\n", (int)getppid());
    char sentinel_proc[64];
    snprintf(sentinel_proc, sizeof sentinel_proc, "/proc/%d", (int)sentinel);
    printf("proc-shows-sentinel: %s\n", result(sentinel > 0 && access(sentinel_proc, F_OK) == 0));
    printf("signal-supervisor: %s\n", result(kill(getppid(), SIGTERM) == 0));
    printf("kill-sentinel: %s\n", result(sentinel > 0 && kill(sentinel, SIGKILL) == 0));
    printf("setuid-root: %s\n", result(setuid(0) == 0));
    printf("no-new-privs: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    FILE *scratch = fopen("scratch.txt", "w");
    printf("write-cwd: %s\n", result(scratch != NULL));
    if (scratch) { fputs("kept \033]0;title\007\n", scratch); fclose(scratch); }
    /* Left for the runner, which copies what the program left: a link must not be followed. */
    printf("link-cwd: %s\n", result(symlink("/etc/shadow", "shadow-link") == 0));
    FILE *outside = fopen("/tmp/pitfalls-hostile-probe-file", "w");
    printf("write-tmp: %s\n", result(outside != NULL));
    if (outside) fclose(outside);
    /* kill(-1, 0) would reach every process this uid may signal; 0 sends nothing, so it is safe to try. */
    printf("kill-everyone: %s\n", result(kill(-1, 0) == 0));
    if (argc > 2 && strcmp(argv[2], "kill-everyone") == 0) {
        /* Only ever run inside a PID namespace the test made: a failure cannot reach the machine. */
        printf("kill-everyone-sigkill: %s\n", result(kill(-1, SIGKILL) == 0));
        return 0;
    }
    struct rlimit nproc;
    getrlimit(RLIMIT_NPROC, &nproc);
    nproc.rlim_cur = nproc.rlim_max = RLIM_INFINITY;
    printf("raise-nproc: %s\n", result(setrlimit(RLIMIT_NPROC, &nproc) == 0));
    FILE *cgroup = fopen("/proc/self/cgroup", "r");
    char line[512], path[700] = "";
    while (cgroup && fgets(line, sizeof line, cgroup)) {
        char *controllers = strchr(line, ':'), *where = controllers ? strchr(controllers + 1, ':') : NULL;
        if (where && strstr(controllers, "pids")) { where[strcspn(where, "\n")] = 0; snprintf(path, sizeof path, "/sys/fs/cgroup/pids%s/../cgroup.procs", where + 1); }
    }
    if (cgroup) fclose(cgroup);
    int out = path[0] ? open(path, O_WRONLY) : -1;
    printf("leave-cgroup: %s\n", result(out >= 0 && dprintf(out, "%d\n", getpid()) > 0));
    printf("unshare-user: %s\n", result(unshare(CLONE_NEWUSER) == 0));
    fill("fill-tmp", "/tmp/pitfalls-hostile-fill", 70);
    fill("fill-shm", "/dev/shm/pitfalls-hostile-fill", 70);
    fill("fill-cwd", "fill", 70);
    hog(4, 400);
    printf("escapes: \033]0;PWNED\007 \033]52;c;SGVsbG8=\007 \033[2J\n");
    /* A flood with no newline: the runner must keep only a bounded part of it. */
    static char block[65536];
    memset(block, 'x', sizeof block);
    for (int i = 0; i < 64; i++) (void)!write(1, block, sizeof block);
    return 0;
}
