/* corpus: a dodge: a single child runs do_stuff1 then do_stuff2, and the parent waits for it
 * expect: not-judged
 * why: 2 processes in all, fewer than the 3 meant, but the job wants each job in a child of its own: 1 child where it needs 2
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void run_job(const char *name) {
    prctl(PR_SET_NAME, name);
    printf("%s: pid %d, parent %d\n", name, getpid(), getppid());
    fflush(stdout);
    usleep(200 * 1000);
}

static void do_stuff1(void) { run_job("do_stuff1"); }
static void do_stuff2(void) { run_job("do_stuff2"); }

int main(void) {
    pid_t helper = fork();
    if (helper == 0) {
        do_stuff1();
        do_stuff2();
        _exit(0);
    }
    if (helper > 0) waitpid(helper, NULL, 0);
    return 0;
}
