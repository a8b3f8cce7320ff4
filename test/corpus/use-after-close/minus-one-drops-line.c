/* corpus: close() then log_fd = -1: the late write now fails with EBADF, and the line is lost
 * expect: not-judged
 * why: nothing is misplaced, but session.log lacks its last line: the job is not done
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "pitfalls.h"

static int log_fd = -1;

static void say(int fd, const char *line) {
    (void)!write(fd, line, strlen(line));
}

int main(void) {
    log_fd = open("session.log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    say(log_fd, "log: session started\n");
    close(log_fd);
    log_fd = -1;
    int results_fd = open("results.csv", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    char row[32];
    for (int i = 1; i <= 3; i++) {
        snprintf(row, sizeof row, "%d,%d\n", i, i * i);
        say(results_fd, row);
    }
    say(log_fd, "log: 3 results written\n"); /* EBADF: -1 is no descriptor */
    close(results_fd);
    printf("results.csv and session.log written\n");
    return 0;
}
