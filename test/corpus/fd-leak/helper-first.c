/* corpus: the helper started before pipe() is called, so there is nothing yet for it to inherit
 * expect: fixed
 * why: sleep was exec'd before the pipe existed and holds no end of it; the reader sees EOF once the worker exits
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    /* The helper first: at this point the process has no descriptor it could leak. */
    pid_t helper = fork();
    if (helper == 0) {
        execlp("sleep", "sleep", "30", (char *)NULL);
        _exit(127);
    }

    int fds[2];
    if (pipe(fds) != 0) return 1;

    pid_t worker = fork();
    if (worker == 0) {
        close(fds[0]);
        usleep(200 * 1000); /* the worker's computation, as in the fixture */
        dprintf(fds[1], "result: 42\n");
        _exit(0);
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
