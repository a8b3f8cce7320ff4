/* corpus: a dodge: the ends are closed as they should be, but the child writes nothing at all
 * expect: not-judged
 * why: EOF comes at once and the program says "read 0 bytes": the job is to read what a child writes, and nothing was written
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fds[2];
    if (pipe(fds) != 0) return 1;

    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        /* (the lines the child should write were removed "to make the hang go away") */
        close(fds[1]);
        _exit(0);
    }

    close(fds[1]);
    char buf[256];
    ssize_t n;
    long total = 0;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) total += n;

    printf("read %ld bytes, then EOF\n", total);
    waitpid(pid, NULL, 0);
    return 0;
}
