/* corpus: the kept bug in disguise: the pipe is made by a helper function make_channel(), still with plain pipe() and no close-on-exec
 * expect: not-fixed
 * why: sleep still inherits both ends as fds 3 and 4 across exec and keeps a write end open, so the reader never sees EOF, every run
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

struct channel {
    int rx, tx;
};

/* A channel for a worker's result. */
static int make_channel(struct channel *ch) {
    int ends[2];
    if (pipe(ends) != 0) return -1;
    ch->rx = ends[0];
    ch->tx = ends[1];
    return 0;
}

static pid_t run_program(const char *file, const char *arg) {
    pid_t pid = fork();
    if (pid == 0) {
        execlp(file, file, arg, (char *)NULL);
        _exit(127);
    }
    return pid;
}

int main(void) {
    struct channel results;
    if (make_channel(&results) != 0) return 1;

    pid_t worker = fork();
    if (worker == 0) {
        close(results.rx);
        dprintf(results.tx, "result: 42\n");
        _exit(0);
    }

    pid_t helper = run_program("sleep", "30");

    close(results.tx);
    char buf[256];
    ssize_t n;
    long total = 0;
    while ((n = read(results.rx, buf, sizeof buf)) > 0) total += n;

    printf("read %ld bytes, then EOF\n", total);
    kill(helper, SIGTERM);
    waitpid(helper, NULL, 0);
    waitpid(worker, NULL, 0);
    return 0;
}
