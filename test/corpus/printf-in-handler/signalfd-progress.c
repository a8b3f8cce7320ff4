/* corpus: no handler at all: SIGUSR1 blocked and read as records from a non-blocking signalfd, polled by the work loop
 * expect: fixed
 * why: with the signal blocked, nothing ever interrupts malloc(); the loop picks up each pending SIGUSR1 from the descriptor and prints the line in normal context
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *background_job(void *arg) { return arg; }

static double clock_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);

    pthread_t t;
    pthread_create(&t, NULL, background_job, NULL);
    pthread_join(t, NULL);

    /* Blocked before the monitor exists, so SIGUSR1 never meets its default action. */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (sigprocmask(SIG_BLOCK, &usr1, NULL) != 0) return 1;
    int sfd = signalfd(-1, &usr1, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sfd < 0) {
        perror("signalfd");
        return 1;
    }

    pid_t self = getpid();
    pid_t monitor = fork();
    if (monitor == 0) {
        while (kill(self, SIGUSR1) == 0) usleep(1000);
        _exit(0);
    }

    int count = 0, lines = 0;
    double deadline = clock_seconds() + 1.0;
    for (int n = 1; n % 4096 != 0 || clock_seconds() < deadline; n++) {
        char *record = malloc(BUFSIZ);
        snprintf(record, BUFSIZ, "record %d\n", n);
        if (n % 100000 == 0) fputs(record, stdout);
        free(record);
        count = n;
        if (n % 64 == 0) {
            struct signalfd_siginfo info;
            while (read(sfd, &info, sizeof info) == (ssize_t)sizeof info) {
                printf("progress: %d records\n", count);
                lines++;
            }
        }
    }
    kill(monitor, SIGKILL);
    waitpid(monitor, NULL, 0);
    close(sfd);
    printf("done: %d records, %d progress lines\n", count, lines);
    return 0;
}
