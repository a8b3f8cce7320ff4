/* corpus: sigaction() without SA_RESTART, and a read helper that retries when read() fails with EINTR
 * expect: fixed
 * why: the handler stays installed under both builds; each signal makes read() fail with EINTR, the helper reads again, and the program ends 0
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
    (void)sig;
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

/* read(), again and again while a handler interrupts it. */
static ssize_t read_retrying(int fd, void *buf, size_t len) {
    for (;;) {
        ssize_t n = read(fd, buf, len);
        if (n >= 0 || errno != EINTR) return n;
        printf("read() failed with EINTR: the signal interrupted it and it was not restarted\n");
        report("read", "EINTR");
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int data[2];
    if (pipe(data) != 0 || pipe(cue) != 0) return 1;

    struct sigaction sa;
    sa.sa_handler = on_usr2;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: read() will fail with EINTR, and we retry it ourselves */
    sigaction(SIGUSR2, &sa, NULL);

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
    ssize_t n = read_retrying(data[0], buf, sizeof buf);
    printf("read() returned %d bytes after two SIGUSR2: the handler stayed installed\n", (int)n);
    waitpid(child, NULL, 0);
    return 0;
}
