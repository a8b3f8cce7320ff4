/* corpus: a dodge: the NET7212 slide's handler, _exit() in place of exit(), in the fixture's program
 * expect: not-judged
 * why: _exit() runs nothing of the program, so no record is cut, but the journal is never saved (and the half record is simply lost): the job saves the journal
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "pitfalls.h"

#define RECORDS 50

static void save_journal(void) {
    printf("[atexit] journal saved\n");
}

static void on_interrupt(int sig) {
    (void)sig;
    _exit(130); /* async-signal-safe, and skips every atexit handler and the stdio flush */
}

static void work(int record) {
    if (record == 1) report("ready", "1");
    usleep(400 * 1000);
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
    }
    return 0;
}
