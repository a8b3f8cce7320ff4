/* corpus: sigwait style: SIGINT blocked, and each record's 0.4 s of work is a sigtimedwait() for it; no handler at all
 * expect: fixed
 * why: Ctrl-C is taken as data by the wait, the record is finished ("ok"), the loop stops and main returns: the atexit journal line comes after whole records only
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "pitfalls.h"

#define RECORDS 50

static void save_journal(void) {
    printf("[atexit] journal saved\n");
}

/* The record's work: 0.4 s, during which Ctrl-C may arrive. Returns 1 if it did. */
static int work(int record, const sigset_t *interrupt) {
    if (record == 1) report("ready", "1");
    struct timespec budget = { 0, 400 * 1000 * 1000 };
    return sigtimedwait(interrupt, NULL, &budget) == SIGINT;
}

int main(void) {
    atexit(save_journal);
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    sigprocmask(SIG_BLOCK, &interrupt, NULL); /* SIGINT stays pending until work() takes it */

    for (int i = 0; i < RECORDS; i++) {
        printf("record %d: ", i);
        int stop = work(i, &interrupt);
        printf("ok\n");
        if (stop) break;
    }
    return 0;
}
