/* corpus: a dodge: the fork() is gone and the program says hello itself, then saves the results
 * expect: not-judged
 * why: save_results is printed once, by the program, but nobody says hello from a child: 0 children where the job needs 1
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

static void run_job(const char *name) {
    prctl(PR_SET_NAME, name);
    printf("%s: pid %d, parent %d\n", name, getpid(), getppid());
    fflush(stdout);
    usleep(300 * 1000);
}

static void say_hello(void) { run_job("say_hello"); }
static void save_results(void) { run_job("save_results"); }

int main(void) {
    say_hello(); /* (no child any more) */
    save_results();
    return 0;
}
