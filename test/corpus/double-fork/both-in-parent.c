/* corpus: a dodge: both jobs run one after the other in the program itself, no fork() at all
 * expect: not-judged
 * why: one process, so no extra one, but the job runs each in a child of its own: 0 children where it needs 2
 */
#include <stdio.h>
#include <unistd.h>

static void run_job(const char *name) {
    printf("%s: pid %d, parent %d\n", name, getpid(), getppid());
    fflush(stdout);
    usleep(300 * 1000);
}

static void do_stuff1(void) { run_job("do_stuff1"); }
static void do_stuff2(void) { run_job("do_stuff2"); }

int main(void) {
    do_stuff1();
    do_stuff2();
    return 0;
}
