/* corpus: the fix with sigaction() and SA_RESTART, written with other names than the lesson's solution
 * expect: fixed
 * why: sigaction() means the same under both builds: the handler stays installed and read() is restarted, so both SIGUSR2 are caught and the program exits 0
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

static int ack_pipe[2]; /* the handler writes a byte here: the sender's cue to go on */

static void usr2_arrived(int signo) {
    (void)signo;
    int saved_errno = errno;
    (void)!write(STDOUT_FILENO, "caught SIGUSR2\n", 15);
    (void)!write(ack_pipe[1], "k", 1);
    errno = saved_errno;
}

/* The child waits until /proc shows the parent asleep (state S) before each signal. */
static void await_sleeping(pid_t pid) {
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (;;) {
        int fd = open(path, O_RDONLY);
        ssize_t n = fd < 0 ? -1 : read(fd, stat, sizeof stat - 1);
        if (fd >= 0) close(fd);
        if (n <= 0) return;
        stat[n] = '\0';
        char *paren = strrchr(stat, ')');
        if (paren && paren[2] == 'S') return;
        struct timespec ms = { 0, 1000 * 1000 };
        nanosleep(&ms, NULL);
    }
}

static void install_usr2(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = usr2_arrived;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; /* stays installed (no SA_RESETHAND), read() restarted */
    if (sigaction(SIGUSR2, &action, NULL) != 0) perror("sigaction");
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int input[2];
    if (pipe(input) != 0 || pipe(ack_pipe) != 0) return 1;
    install_usr2();

    pid_t me = getpid();
    pid_t sender = fork();
    if (sender == 0) {
        close(input[0]);
        close(ack_pipe[1]);
        char ack;
        for (int round = 0; round < 2; round++) {
            await_sleeping(me);
            kill(me, SIGUSR2);
            if (read(ack_pipe[0], &ack, 1) != 1) _exit(0);
        }
        (void)!write(input[1], "done", 4);
        _exit(0);
    }
    close(input[1]);
    close(ack_pipe[0]);

    char buf[16];
    ssize_t n;
    while ((n = read(input[0], buf, sizeof buf)) < 0 && errno == EINTR) {
        printf("read() failed with EINTR: the signal interrupted it and it was not restarted\n");
        report("read", "EINTR");
    }
    printf("read() returned %d bytes after two SIGUSR2: the handler stayed installed\n", (int)n);
    waitpid(sender, NULL, 0);
    return 0;
}
