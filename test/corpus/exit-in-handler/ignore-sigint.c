/* corpus: a dodge: SIGINT ignored, so Ctrl-C does nothing and all 50 records are written (20 s)
 * expect: not-judged
 * why: no record is cut, but the program does not stop on Ctrl-C: it runs past the 10 s limit and is ended by the runner
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

static void work(int record) {
    if (record == 1) report("ready", "1");
    usleep(400 * 1000);
}

int main(void) {
    atexit(save_journal);
    signal(SIGINT, SIG_IGN); /* "Ctrl-C broke my records, so I turned it off" */

    for (int i = 0; i < RECORDS; i++) {
        printf("record %d: ", i);
        work(i);
        printf("ok\n");
    }
    return 0;
}
