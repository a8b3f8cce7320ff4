/* corpus: the kept bug in disguise: the handler calls a helper shutdown_now(), which calls exit()
 * expect: not-fixed
 * why: it is still exit() from the handler: Ctrl-C lands in the work of record 1, and the atexit line is flushed right after "record 1: ", every run
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "pitfalls.h"

#define TOTAL 50

static void flush_journal(void) {
    printf("[atexit] journal saved\n");
}

/* "Leave cleanly: run the registered cleanups." */
static void shutdown_now(int status) {
    exit(status);
}

static void on_ctrl_c(int sig) {
    (void)sig;
    shutdown_now(130);
}

static void process_record(int number) {
    if (number == 1) report("ready", "1");
    usleep(400 * 1000);
}

int main(void) {
    atexit(flush_journal);
    struct sigaction sa = { 0 };
    sa.sa_handler = on_ctrl_c;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    for (int n = 0; n < TOTAL; n++) {
        printf("record %d: ", n);
        process_record(n);
        printf("ok\n");
    }
    return 0;
}
