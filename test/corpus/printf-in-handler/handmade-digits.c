/* corpus: the handler stays but becomes async-signal-safe: it formats the number by hand into a stack buffer and write(2)s the line
 * expect: fixed
 * why: no malloc, no stdio in the handler, only write(), which is on the signal-safety list: it takes no lock, so the storm cannot deadlock or corrupt anything
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t records, answered;

/* Appends `text` at `at`; returns the new end. */
static char *put_text(char *at, const char *text) {
    while (*text) *at++ = *text++;
    return at;
}

/* Appends the decimal digits of `value` (>= 0) at `at`; returns the new end. */
static char *put_number(char *at, long value) {
    char digits[24];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (count > 0) *at++ = digits[--count];
    return at;
}

static void on_progress(int sig) {
    (void)sig;
    int saved = errno;
    char line[64]; /* on the stack: no malloc */
    char *end = put_text(line, "progress: ");
    end = put_number(end, records);
    end = put_text(end, " records\n");
    (void)!write(STDOUT_FILENO, line, (size_t)(end - line)); /* async-signal-safe */
    answered++;
    errno = saved;
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
