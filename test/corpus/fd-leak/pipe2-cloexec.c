/* corpus: the lesson's fix as a learner makes it: pipe2(fds, O_CLOEXEC) in place of pipe(fds)
 * expect: fixed
 * why: both ends are closed when sleep is exec'd, so once the worker exits no write end is left and the reader sees EOF
 */
#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 1; /* the fix */

    pid_t worker = fork();
    if (worker == 0) {
        close(fds[0]);
        usleep(200 * 1000); /* the worker's computation, as in the fixture */
        dprintf(fds[1], "result: 42\n");
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
