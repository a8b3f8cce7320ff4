/* corpus: the same bug behind a logger: log_close() in the setup, log_printf() at the end, dprintf on the stale number
 * expect: not-fixed
 * why: the logger's descriptor is closed but kept; results.csv takes its number and the last log line
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include "pitfalls.h"

static int logger = -1;

static void log_open(void) { logger = open("session.log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644); }
static void log_close(void) { close(logger); }

static void log_printf(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vdprintf(logger, format, args);
    va_end(args);
}

int main(void) {
    log_open();
    log_printf("log: session started\n");
    log_close();
    FILE *results = fopen("results.csv", "we");
    report("snapshot", "results-open");
    usleep(50 * 1000);
    for (int i = 1; i <= 3; i++) fprintf(results, "%d,%d\n", i, i * i);
    fflush(results);
    log_printf("log: %d results written\n", 3);
    fclose(results);
    printf("results.csv and session.log written\n");
    return 0;
}
