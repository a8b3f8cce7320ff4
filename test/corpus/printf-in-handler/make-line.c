/* corpus: the kept bug in disguise: the handler's malloc and formatting moved into a helper make_line(), the short-lived thread and the BUFSIZ buffers kept
 * expect: not-fixed
 * why: the handler still reaches malloc() through make_line(): sooner or later the signal lands while the main loop holds the heap's lock, and the process waits on itself in a futex, every run
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t done_count, replies;

/* Builds a progress line; the caller frees it. */
static char *make_line(int count) {
    char *text = malloc(BUFSIZ);
    if (text) snprintf(text, BUFSIZ, "progress: %d records\n", count);
    return text;
}

static void report_progress(int sig) {
    (void)sig;
    char *text = make_line(done_count);
    if (text) {
        fputs(text, stdout);
        free(text);
    }
    replies++;
}

static void *resolver(void *arg) { return arg; }

static double seconds_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* One short-lived thread (from then on glibc's malloc locks its arena on every call). */
    pthread_t helper;
    pthread_create(&helper, NULL, resolver, NULL);
    pthread_join(helper, NULL);

    struct sigaction sa = { .sa_handler = report_progress, .sa_flags = SA_RESTART };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    pid_t me = getpid();
    pid_t monitor = fork();
    if (monitor == 0) {
        while (kill(me, SIGUSR1) == 0) usleep(1000);
        _exit(0);
    }

    /* BUFSIZ blocks are beyond the tcache: every malloc and free here takes the heap's lock. */
    double stop = seconds_now() + 1.0;
    for (int n = 1; n % 4096 != 0 || seconds_now() < stop; n++) {
        char *record = malloc(BUFSIZ);
        snprintf(record, BUFSIZ, "record %d\n", n);
        if (n % 100000 == 0) fputs(record, stdout);
        free(record);
        done_count = n;
    }
    kill(monitor, SIGKILL);
    waitpid(monitor, NULL, 0);
    printf("done: %d records, %d progress lines\n", done_count, replies);
    return 0;
}
