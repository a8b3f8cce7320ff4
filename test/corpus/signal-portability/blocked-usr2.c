/* corpus: a dodge: a proper sigaction() handler, but SIGUSR2 blocked with sigprocmask() for the whole run
 * expect: not-judged
 * why: the signals stay pending and are never delivered: no "caught SIGUSR2" line in either build, the job is not done
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

static void on_usr2(int sig) {
    (void)sig;
    int saved = errno;
    (void)!write(1, "caught SIGUSR2\n", 15);
    errno = saved;
}

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

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &sa, NULL);

    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, NULL); /* "so it cannot interrupt the read" */

    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        close(data[0]);
        for (int i = 0; i < 2; i++) {
            wait_until_asleep(parent);
            kill(parent, SIGUSR2);
            /* The handler never runs, so no cue: the child just gives it a moment. */
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
