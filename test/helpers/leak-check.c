/* leak-check: runs a command as a child subreaper and, once the command has exited, lists every
 * process it left behind (orphans come back to us, zombies included), then kills and reaps them.
 * Tests use it to prove that a run of pitfalls leaves nothing: "leftovers=0".
 * usage: leak-check COMMAND [ARG...]   (prints "child=PID" first, "leftovers=N" and "leftover ..." last, on stderr)
 * With LEAK_CHECK_GRACE_MS set, it first waits up to that long for the leftovers to exit (not to be
 * reaped): for a command that was killed, whose helpers need a moment to clean up after it. */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;
static void forward(int sig) { if (child > 0) kill(child, sig); }

static int parent_and_state(pid_t pid, int *ppid, char *state, char *comm) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *open = strchr(buf, '('), *close = strrchr(buf, ')');
    if (!open || !close) return -1;
    snprintf(comm, 64, "%.*s", (int)(close - open - 1), open + 1);
    return sscanf(close + 2, "%c %d", state, ppid) == 2 ? 0 : -1;
}

/* Descendants of `root`, by walking parent links until no more are found. */
static int descendants(pid_t root, pid_t *out, int max, int print) {
    int found = 0, grew = 1;
    while (grew) {
        grew = 0;
        DIR *d = opendir("/proc");
        struct dirent *e;
        while (d && (e = readdir(d))) {
            pid_t pid = atoi(e->d_name);
            int ppid; char state; char comm[64];
            if (pid <= 0 || parent_and_state(pid, &ppid, &state, comm) != 0) continue;
            int known = 0, parent_known = ppid == root;
            for (int i = 0; i < found; i++) { known |= out[i] == pid; parent_known |= out[i] == ppid; }
            if (!known && parent_known && found < max) {
                out[found++] = pid;
                grew = 1;
                if (print) fprintf(stderr, "leftover pid=%d state=%c comm=%s\n", pid, state, comm);
            }
        }
        if (d) closedir(d);
    }
    return found;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: leak-check COMMAND [ARG...]\n"); return 2; }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    child = fork();
    if (child == 0) { execvp(argv[1], &argv[1]); perror("exec"); _exit(127); }
    fprintf(stderr, "child=%d\n", child);
    signal(SIGINT, forward); signal(SIGTERM, forward); signal(SIGHUP, forward);
    int status;
    while (waitpid(child, &status, 0) < 0) {}
    static pid_t left[65536];
    const char *grace = getenv("LEAK_CHECK_GRACE_MS");
    for (int waited = 0; grace && waited < atoi(grace); waited += 10) {
        int n = descendants(getpid(), left, 65536, 0), running = 0;
        for (int i = 0; i < n; i++) {
            int ppid; char state; char comm[64];
            if (parent_and_state(left[i], &ppid, &state, comm) == 0 && state != 'Z') running++;
        }
        if (running == 0) break;
        usleep(10000);
    }
    int n = descendants(getpid(), left, 65536, 1);
    fprintf(stderr, "leftovers=%d\n", n);
    for (int i = 0; i < n; i++) kill(left[i], SIGKILL);
    while (waitpid(-1, NULL, 0) > 0) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
