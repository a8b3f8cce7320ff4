/* corpus: the old System V idiom: signal() kept, but the handler re-installs itself first thing, and the read loop retries on EINTR
 * expect: fixed
 * why: under -std=c11 the handler is reset as it runs, but it re-arms itself before the child's cue, so the second SIGUSR2 finds it installed; the job is done in both builds (the idiom still has a window in general: the lesson's rule is sigaction())
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

static int cue[2];

static void on_usr2(int sig) {
    signal(sig, on_usr2); /* re-arm at once: System V resets the handler to SIG_DFL on entry (signal() is async-signal-safe) */
    int saved = errno;
    (void)!write(1, "caught SIGUSR2\n", 15);
    (void)!write(cue[1], "!", 1);
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
    if (pipe(data) != 0 || pipe(cue) != 0) return 1;

    signal(SIGUSR2, on_usr2);

    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        close(data[0]);
        close(cue[1]);
        char c;
        for (int i = 0; i < 2; i++) {
            wait_until_asleep(parent);
            kill(parent, SIGUSR2);
            if (read(cue[0], &c, 1) != 1) _exit(0);
        }
        (void)!write(data[1], "done", 4);
        _exit(0);
    }
    close(data[1]);
    close(cue[0]);

    char buf[16];
    ssize_t n;
    while ((n = read(data[0], buf, sizeof buf)) < 0 && errno == EINTR) {
        printf("read() failed with EINTR: the signal interrupted it and it was not restarted\n");
        report("read", "EINTR");
    }
    printf("read() returned %d bytes after two SIGUSR2: the handler stayed installed\n", (int)n);
    waitpid(child, NULL, 0);
    return 0;
}
