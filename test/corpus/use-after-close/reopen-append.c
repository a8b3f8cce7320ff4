/* corpus: the setup still closes the log early, and the last line reopens it with O_APPEND
 * expect: fixed
 * why: every write goes through a descriptor that is open on the file it means
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "pitfalls.h"

static void say(int fd, const char *line) {
    (void)!write(fd, line, strlen(line));
}

static void log_line(const char *line, int truncate) {
    int fd = open("session.log", O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND), 0644);
    say(fd, line);
    close(fd);
}

int main(void) {
    log_line("log: session started\n", 1);
    int results_fd = open("results.csv", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    report("snapshot", "results-open");
    usleep(50 * 1000);
    char row[32];
    for (int i = 1; i <= 3; i++) {
        snprintf(row, sizeof row, "%d,%d\n", i, i * i);
        say(results_fd, row);
    }
    log_line("log: 3 results written\n", 0);
    close(results_fd);
    printf("results.csv and session.log written\n");
    return 0;
}
