/* corpus: a dodge: the helper program is never started, so there is nothing to leak into
 * expect: not-judged
 * why: the result is read to EOF, but the job also starts a long-running helper: one child where the job has two
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

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

    /* (the helper was removed: "sleep was what kept it hanging") */

    close(fds[1]);
    char buf[256];
    ssize_t n;
    long total = 0;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) total += n;

    printf("read %ld bytes, then EOF\n", total);
    waitpid(worker, NULL, 0);
    return 0;
}
