/* corpus: sigaction() with SA_SIGINFO | SA_RESTART and an sa_sigaction handler that checks who sent the signal
 * expect: fixed
 * why: an explicit sigaction means the same in both builds: no reset to SIG_DFL, read() restarted; both SIGUSR2 are caught, exit 0
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

static int go_on[2];
static volatile sig_atomic_t from_child; /* signals that came from our child */
static pid_t child;

static void handler(int sig, siginfo_t *info, void *context) {
    (void)context;
    int saved = errno;
    if (sig == SIGUSR2) {
        if (info->si_pid == child) from_child++;
        (void)!write(1, "caught SIGUSR2\n", 15);
        (void)!write(go_on[1], "+", 1);
    }
    errno = saved;
}

static void wait_for_sleep(pid_t pid) {
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
        struct timespec tick = { 0, 1000 * 1000 };
        nanosleep(&tick, NULL);
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int data[2];
    if (pipe(data) != 0 || pipe(go_on) != 0) return 1;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGCHLD); /* nothing else runs on top of it */
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    if (sigaction(SIGUSR2, &sa, NULL) != 0) return 1;

    pid_t parent = getpid();
    child = fork();
    if (child == 0) {
        close(data[0]);
        close(go_on[1]);
        char c;
        for (int i = 0; i < 2; i++) {
            wait_for_sleep(parent);
            kill(parent, SIGUSR2);
            if (read(go_on[0], &c, 1) != 1) _exit(0);
        }
        (void)!write(data[1], "done", 4);
        _exit(0);
    }
    close(data[1]);
    close(go_on[0]);

    char buf[16];
    ssize_t n;
    while ((n = read(data[0], buf, sizeof buf)) < 0 && errno == EINTR) {
        printf("read() failed with EINTR: the signal interrupted it and it was not restarted\n");
        report("read", "EINTR");
    }
    printf("read() returned %d bytes after two SIGUSR2 (%d from the child): the handler stayed installed\n", (int)n, (int)from_child);
    waitpid(child, NULL, 0);
    return 0;
}
