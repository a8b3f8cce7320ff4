/* corpus: flag in the handler, the loop stops after a whole record, saves the journal itself, then re-raises SIGINT with the default action
 * expect: fixed
 * why: the record is whole, the journal line is printed (by hand: atexit does not run when SIGINT kills), and dying by SIGINT tells the shell it was interrupted, which the job allows
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "pitfalls.h"

#define RECORDS 50

static volatile sig_atomic_t got_sigint = 0;

static void save_journal(void) {
    static int saved = 0;
    if (saved) return;
    saved = 1;
    printf("[atexit] journal saved\n");
}

static void note_sigint(int sig) {
    (void)sig;
    got_sigint = 1;
}

static void work(int record) {
    if (record == 1) report("ready", "1");
    usleep(400 * 1000);
}

int main(void) {
    atexit(save_journal); /* for a run that is never interrupted */
    struct sigaction sa = { 0 };
    sa.sa_handler = note_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    for (int i = 0; i < RECORDS && !got_sigint; i++) {
        printf("record %d: ", i);
        work(i);
        printf("ok\n");
    }
    if (got_sigint) {
        save_journal(); /* the cleanup, in normal context */
        fflush(stdout);
        signal(SIGINT, SIG_DFL); /* then end the way an interrupted program should */
        raise(SIGINT);
    }
    return 0;
}
