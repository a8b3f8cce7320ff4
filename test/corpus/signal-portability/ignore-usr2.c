/* corpus: a dodge: SIGUSR2 set to SIG_IGN (the one portable use of signal()), so nothing can kill the program, and nothing catches it either
 * expect: not-judged
 * why: both builds survive, but no "caught SIGUSR2" line is printed: the job is to handle the signal twice
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "pitfalls.h"

static void wait_until_asleep(pid_t pid) {
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (;;) {
        int fd = open(path, O_RDONLY);
        ssize_t n = fd < 0 ? -1 : read(fd, stat, sizeof stat - 1);
        if (fd >= 0) close(fd);
        if (n <= 0) return;
        stat[n] = '\0';
        char *end = strrchr(stat, ')');
        if (end && end[2] == 'S') return;
        struct timespec pause = { 0, 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int data[2];
    if (pipe(data) != 0) return 1;

    signal(SIGUSR2, SIG_IGN); /* "it killed my program, so I ignore it" */

    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        close(data[0]);
        for (int i = 0; i < 2; i++) {
            wait_until_asleep(parent);
            kill(parent, SIGUSR2);
            /* No handler runs, so no cue will come: the child just gives it a moment. */
            struct timespec moment = { 0, 100 * 1000 * 1000 };
            nanosleep(&moment, NULL);
        }
        (void)!write(data[1], "done", 4);
        _exit(0);
    }
    close(data[1]);

    char buf[16];
    ssize_t n;
    while ((n = read(data[0], buf, sizeof buf)) < 0 && errno == EINTR) {
        printf("read() failed with EINTR: the signal interrupted it and it was not restarted\n");
        report("read", "EINTR");
    }
    printf("read() returned %d bytes after two SIGUSR2\n", (int)n);
    waitpid(child, NULL, 0);
    return 0;
}
