/* corpus: the rule's fix: each fork() followed at once by its child's branch, ended with _exit(0), before the parent reaches the next fork()
 * expect: fixed
 * why: the first child runs do_stuff1 and ends before any second fork(), so only the parent forks twice: 3 processes, 2 children each exiting 0, both reaped
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
    usleep(300 * 1000);
}

static void do_stuff1(void) { run_job("do_stuff1"); }
static void do_stuff2(void) { run_job("do_stuff2"); }

int main(void) {
    pid_t pid1 = fork();
    if (pid1 == 0) {
        do_stuff1();
        _exit(0);
    }
    pid_t pid2 = fork();
    if (pid2 == 0) {
        do_stuff2();
        _exit(0);
    }
    waitpid(pid1, NULL, 0);
    waitpid(pid2, NULL, 0);
    return 0;
}
