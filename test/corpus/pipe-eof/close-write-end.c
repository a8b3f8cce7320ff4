/* corpus: the lesson's fix as a learner makes it: close(fds[1]) in the parent right after fork()
 * expect: fixed
 * why: once the child has closed its copy and exited, no write end is left anywhere, so read() returns 0
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fds[2]; /* fds[0]: the read end, fds[1]: the write end */
    if (pipe(fds) != 0) return 1;

    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        for (int i = 1; i <= 3; i++) dprintf(fds[1], "line %d from the child\n", i);
        close(fds[1]);
        _exit(0);
    }

    close(fds[1]); /* the fix: the reader does not keep a write end of its own */
    char buf[256];
    ssize_t n;
    long total = 0;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) total += n;
    close(fds[0]);

    printf("read %ld bytes, then EOF\n", total);
    waitpid(pid, NULL, 0);
    return 0;
}
