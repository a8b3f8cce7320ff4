/* corpus: the kept bug in disguise: the parent closes the wrong end (fds[0] where fds[1] was meant) and reads from a dup of the read end
 * expect: not-fixed
 * why: the parent still holds fds[1], the pipe's last write end, while it blocks reading the dup: the reader waits for itself, every run
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* Keeps a private copy of the reading end, then closes "the end the parent does not use". */
static int reader_side(int fds[2]) {
    int mine = dup(fds[0]);
    close(fds[0]); /* meant: close(fds[1]) */
    return mine;
}

int main(void) {
    int fds[2];
    if (pipe(fds) != 0) return 1;

    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        for (int i = 1; i <= 3; i++) dprintf(fds[1], "line %d from the child\n", i);
        close(fds[1]);
        _exit(0);
    }

    int in = reader_side(fds);
    char buf[256];
    ssize_t n;
    long total = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) total += n;

    printf("read %ld bytes, then EOF\n", total);
    waitpid(pid, NULL, 0);
    return 0;
}
