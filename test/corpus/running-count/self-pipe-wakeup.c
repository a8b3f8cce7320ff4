/* corpus: the self-pipe trick: the SIGCHLD handler only writes a byte; the main loop waits in poll(), then reaps with waitpid(WNOHANG)
 * expect: fixed
 * why: a SIGCHLD that lands between the check and poll() leaves its byte in the pipe, so poll() returns at once: no wake-up is lost, and the main code reaps every child
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 5

static int wake[2];

static void on_child(int sig) {
    (void)sig;
    int saved = errno;
    (void)!write(wake[1], "c", 1); /* non-blocking: if the pipe were full, a wake-up is pending anyway */
    errno = saved;
}

int main(void) {
    if (pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) return 1;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_child;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);

    int running = 0;
    for (int i = 0; i < CHILDREN; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            usleep(150 * 1000);
            _exit(0);
        }
        if (pid > 0) running++;
        printf("%d running processes\n", running);
    }
    fflush(stdout);

    while (running > 0) {
        struct pollfd p = { .fd = wake[0], .events = POLLIN };
        if (poll(&p, 1, -1) < 0 && errno != EINTR) break;
        char drain[64];
        while (read(wake[0], drain, sizeof drain) > 0) {}
        while (waitpid(-1, NULL, WNOHANG) > 0) running--; /* the counting, in the main flow only */
    }
    printf("All processes exited! %d running processes\n", running);
    return 0;
}
