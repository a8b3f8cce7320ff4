/* corpus: a dodge: the pipe is close-on-exec and the helper runs, but the worker writes no result
 * expect: not-judged
 * why: EOF comes, but after 0 bytes: the job reads the worker's result, and there was none
 */
#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 1;

    pid_t worker = fork();
    if (worker == 0) {
        close(fds[0]);
        close(fds[1]); /* no result written */
        _exit(0);
    }

    pid_t helper = fork();
    if (helper == 0) {
        execlp("sleep", "sleep", "30", (char *)NULL);
        _exit(127);
    }

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
