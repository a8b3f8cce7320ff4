/* corpus: the lesson's rule: the handler only sets a volatile sig_atomic_t flag, and the main loop prints the progress line
 * expect: fixed
 * why: nothing unsafe runs in the handler, so it can land inside malloc() or printf() harmlessly; the main loop prints a line whenever the flag is up
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t records;
static volatile sig_atomic_t progress_wanted;

static void on_progress(int sig) {
    (void)sig;
    progress_wanted = 1; /* that is all: the main loop does the printing */
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

    pid_t worker = getpid();
    pid_t monitor = fork();
    if (monitor == 0) {
        while (kill(worker, SIGUSR1) == 0) usleep(1000);
        _exit(0);
    }

    int answered = 0;
    double end = now() + 1.0;
    for (int n = 1; n % 4096 != 0 || now() < end; n++) {
        char *record = malloc(BUFSIZ);
        snprintf(record, BUFSIZ, "record %d\n", n);
        if (n % 100000 == 0) fputs(record, stdout);
        free(record);
        records = n;
        if (progress_wanted) {
            progress_wanted = 0;
            printf("progress: %d records\n", records); /* normal context: printf and malloc are fine here */
            answered++;
        }
    }
    kill(monitor, SIGKILL);
    waitpid(monitor, NULL, 0);
    printf("done: %d records, %d progress lines\n", records, answered);
    return 0;
}
