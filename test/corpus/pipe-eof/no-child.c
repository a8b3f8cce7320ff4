/* corpus: a dodge: no child at all, the program writes its own lines into the pipe and reads them back
 * expect: not-judged
 * why: the output line is there, but no child process was started: the job's reader reads a child's output
 */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    int fds[2];
    if (pipe(fds) != 0) return 1;

    /* The "child's" lines, written by the program itself (they fit in the pipe, so this never blocks). */
    for (int i = 1; i <= 3; i++) dprintf(fds[1], "line %d from the child\n", i);
    close(fds[1]);

    char buf[256];
    ssize_t n;
    long total = 0;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) total += n;

    printf("read %ld bytes, then EOF\n", total);
    return 0;
}
