/* corpus: a dodge: the unsafe handler kept, but SIGUSR1 blocked with sigprocmask() for the whole run, so it never runs
 * expect: not-judged
 * why: no deadlock because no handler ever runs, and no progress line either: the job is to answer the monitor's signals
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t records, answered;

static void on_progress(int sig) {
    (void)sig;
    char *line = malloc(BUFSIZ);
    snprintf(line, BUFSIZ, "progress: %d records\n", records);
    printf("%s", line);
    free(line);
    answered++;
}

static void *look_up_host(void *arg) { return arg; }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);

    pthread_t helper;
    pthread_create(&helper, NULL, look_up_host, NULL);
    pthread_join(helper, NULL);

    struct sigaction sa = { .sa_handler = on_progress, .sa_flags = SA_RESTART };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    /* "The handler hangs, so keep the signal out" */
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

    double end = now() + 1.0;
    for (int n = 1; n % 4096 != 0 || now() < end; n++) {
        char *record = malloc(BUFSIZ);
        snprintf(record, BUFSIZ, "record %d\n", n);
        if (n % 100000 == 0) fputs(record, stdout);
        free(record);
        records = n;
    }
    kill(monitor, SIGKILL);
    waitpid(monitor, NULL, 0);
    printf("done: %d records, %d progress lines\n", records, answered);
    return 0;
}
