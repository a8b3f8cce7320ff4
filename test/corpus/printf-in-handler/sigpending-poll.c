/* corpus: SIGUSR1 blocked with sigprocmask(); the work loop checks sigpending() now and then and takes the signal with sigtimedwait()
 * expect: fixed
 * why: a blocked signal can never interrupt the heap's lock holder; it waits as pending until the loop takes it, in normal context, and prints
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *look_up_host(void *arg) { return arg; }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Takes a pending SIGUSR1, if there is one, without waiting. */
static int take_progress_request(const sigset_t *wanted) {
    sigset_t pending;
    if (sigpending(&pending) != 0 || !sigismember(&pending, SIGUSR1)) return 0;
    struct timespec no_wait = { 0, 0 };
    return sigtimedwait(wanted, NULL, &no_wait) == SIGUSR1;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);

    pthread_t helper;
    pthread_create(&helper, NULL, look_up_host, NULL);
    pthread_join(helper, NULL);

    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);

    pid_t worker = getpid();
    pid_t monitor = fork();
    if (monitor == 0) {
        while (kill(worker, SIGUSR1) == 0) usleep(1000);
        _exit(0);
    }

    int records = 0, answered = 0;
    double end = now() + 1.0;
    for (int n = 1; n % 4096 != 0 || now() < end; n++) {
        char *record = malloc(BUFSIZ);
        snprintf(record, BUFSIZ, "record %d\n", n);
        if (n % 100000 == 0) fputs(record, stdout);
        free(record);
        records = n;
        if (n % 128 == 0 && take_progress_request(&usr1)) {
            printf("progress: %d records\n", records);
            answered++;
        }
    }
    kill(monitor, SIGKILL);
    waitpid(monitor, NULL, 0);
    printf("done: %d records, %d progress lines\n", records, answered);
    return 0;
}
