/* corpus: the kept bug in disguise: the counter renamed and pause() hidden in a function idle(), the fixture's barrier kept
 * expect: not-fixed
 * why: it is still check-then-pause(): the children are released after the check and reaped before idle() sleeps, so pause() waits for a SIGCHLD no child is left to send, every run
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define WORKERS 5

static volatile int live_workers = 0;

static void reap_workers(int sig) {
    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0) live_workers--;
}

/* Wait for something to happen. */
static void idle(void) {
    pause();
}

static void release(int gate) {
    close(gate);
}

int main(void) {
    struct sigaction sa = { 0 };
    sa.sa_handler = reap_workers;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);

    /* The barrier: the workers end only once the main code closes its end. */
    int gate[2];
    if (pipe(gate) != 0) return 1;

    for (int i = 0; i < WORKERS; i++) {
        if (fork() == 0) {
            char byte;
            close(gate[1]);
            usleep(150 * 1000);
            while (read(gate[0], &byte, 1) > 0) {}
            _exit(0);
        }
        live_workers++;
        printf("%d running processes\n", live_workers);
    }
    close(gate[0]);
    fflush(stdout);

    while (live_workers > 0) {
        release(gate[1]);                            /* the children go now, after the check */
        while (live_workers > 0) usleep(1000);       /* and are all reaped before we wait */
        idle();
    }
    printf("All processes exited! %d running processes\n", live_workers);
    return 0;
}
