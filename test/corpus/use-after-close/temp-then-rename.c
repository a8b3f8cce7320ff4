/* corpus: results written to a temporary file renamed into place at the end, the stale log write in between
 * expect: not-fixed
 * why: the temporary took the log's number; renamed, it is results.csv, with the log line in it
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void say(int fd, const char *line) {
    (void)!write(fd, line, strlen(line));
}

int main(void) {
    int log_fd = open("session.log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    say(log_fd, "log: session started\n");
    close(log_fd);
    int temp_fd = open("results.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    char row[32];
    for (int i = 1; i <= 3; i++) {
        snprintf(row, sizeof row, "%d,%d\n", i, i * i);
        say(temp_fd, row);
    }
    say(log_fd, "log: 3 results written\n");
    close(temp_fd);
    rename("results.tmp", "results.csv");
    printf("results.csv and session.log written\n");
    return 0;
}
