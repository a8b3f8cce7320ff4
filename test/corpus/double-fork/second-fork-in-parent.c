/* corpus: the slide's shape kept, with the second fork() guarded so only the parent makes it: pid2 = pid1 > 0 ? fork() : -1
 * expect: fixed
 * why: the first child skips the second fork() (its pid2 is -1), runs do_stuff1 and returns from main; 2 children exit 0, both waited for, 3 processes
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void job(const char *label, useconds_t ms) {
    prctl(PR_SET_NAME, label);
    printf("%s: pid %d, parent %d\n", label, getpid(), getppid());
    fflush(stdout);
    usleep(ms * 1000);
}

static void do_stuff1(void) { job("stuff-one", 200); }
static void do_stuff2(void) { job("stuff-two", 250); }

int main(void) {
    pid_t pid1 = fork();
    pid_t pid2 = pid1 > 0 ? fork() : -1; /* the fix: only the parent forks a second time */
    if (pid1 == 0) {
        do_stuff1();
        return 0;
    }
    if (pid2 == 0) {
        do_stuff2();
        return 0;
    }
    if (pid1 > 0) waitpid(pid1, NULL, 0);
    if (pid2 > 0) waitpid(pid2, NULL, 0);
    return 0;
}
