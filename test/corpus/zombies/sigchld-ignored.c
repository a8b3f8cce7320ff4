/* corpus: the rule's shortcut when the exit status is never needed: signal(SIGCHLD, SIG_IGN) before the workers start
 * expect: fixed
 * why: with SIGCHLD ignored, Linux (and POSIX.1-2001) discards each child as it exits: it never stays a zombie; 5 workers exit 0 and the parent works its second
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#define WORKERS 5

static void do_job(int job) {
    char name[16];
    snprintf(name, sizeof name, "worker %d", job);
    prctl(PR_SET_NAME, name);
    usleep(50 * 1000);
    printf("worker %d (pid %d): job done\n", job, getpid());
    fflush(stdout);
}

int main(void) {
    signal(SIGCHLD, SIG_IGN); /* the fix: nobody wants the workers' exit status, so let the kernel drop them */
    for (int job = 0; job < WORKERS; job++) {
        pid_t pid = fork();
        if (pid == 0) {
            do_job(job);
            _exit(0);
        }
    }
    printf("parent (pid %d): started %d workers, carrying on with its own work\n", getpid(), WORKERS);
    fflush(stdout);
    sleep(1);
    return 0;
}
