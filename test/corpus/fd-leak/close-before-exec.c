/* corpus: the helper's child closes both pipe ends itself before it execs sleep
 * expect: fixed
 * why: sleep starts with fds 0-2 only; the worker's end closes when it exits, the parent closed its own, so read() returns 0
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t start_helper(int keep_out[2]) {
    pid_t pid = fork();
    if (pid == 0) {
        /* Nothing of ours goes into the helper program. */
        close(keep_out[0]);
        close(keep_out[1]);
        execlp("sleep", "sleep", "30", (char *)NULL);
        _exit(127);
    }
    return pid;
}

int main(void) {
    int fds[2];
    if (pipe(fds) != 0) return 1;

    pid_t worker = fork();
    if (worker == 0) {
        close(fds[0]);
        usleep(200 * 1000); /* the worker's computation, as in the fixture */
        dprintf(fds[1], "result: 42\n");
        _exit(0);
    }

    pid_t helper = start_helper(fds);

    close(fds[1]);
    char buf[256];
    ssize_t n;
    long total = 0;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) total += n;

    printf("read %ld bytes, then EOF\n", total);
    kill(helper, SIGTERM);
    waitpid(helper, NULL, 0);
    waitpid(worker, NULL, 0);
    return 0;
}
