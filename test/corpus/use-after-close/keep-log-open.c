/* corpus: the log closed where it is last used, at the end, and its variable set to -1
 * expect: fixed
 * why: session.log gets both its lines, results.csv only its rows: the job is done and no line is misplaced
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
    int results_fd = open("results.csv", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    report("snapshot", "both-open");
    usleep(50 * 1000);
    char row[32];
    for (int i = 1; i <= 3; i++) {
        snprintf(row, sizeof row, "%d,%d\n", i, i * i);
        say(results_fd, row);
    }
    say(log_fd, "log: 3 results written\n");
    close(log_fd);
    log_fd = -1;
    close(results_fd);
    printf("results.csv and session.log written\n");
    return 0;
}
