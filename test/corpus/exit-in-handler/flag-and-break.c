/* corpus: the lesson's rule: the handler only sets a flag; the loop finishes the record it is in, breaks, and main returns so atexit runs in normal context
 * expect: fixed
 * why: Ctrl-C cuts only the 0.4 s of work short; "ok" still ends the record, then the journal is saved by the normal exit path: no half record, journal line printed
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "pitfalls.h"

#define RECORDS 50

static volatile sig_atomic_t interrupted = 0;

static void save_journal(void) {
    printf("[atexit] journal saved\n");
}

static void on_interrupt(int sig) {
    (void)sig;
    interrupted = 1; /* note it and return: the main loop decides when to stop */
}

static void work(int record) {
    if (record == 1) report("ready", "1");
    usleep(400 * 1000); /* cut short by the signal: fine, the record is still finished below */
}

int main(void) {
    atexit(save_journal);
    struct sigaction sa = { 0 };
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    for (int i = 0; i < RECORDS; i++) {
        printf("record %d: ", i);
        work(i);
        printf("ok\n");
        if (interrupted) {
            printf("interrupted: stopping after a whole record\n");
            break;
        }
    }
    return 0; /* atexit handlers and the stdio flush run here, between two records */
}
