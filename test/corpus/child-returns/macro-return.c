/* corpus: the bug in disguise: the child's branch ends with CHILD_DONE, a macro that expands to return 0, in a function with other names
 * expect: not-fixed
 * why: the macro is still a return: the child goes back into main() and prints save_results under its own pid, then the parent prints it again, every run
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_DONE return 0 /* "the child is done here" */

static void announce(const char *what) {
    prctl(PR_SET_NAME, what);
    printf("%s: pid %d, parent %d\n", what, getpid(), getppid());
    fflush(stdout);
    usleep(250 * 1000);
}

static pid_t greet_in_child(void) {
    pid_t child = fork();
    if (child == 0) {
        announce("say_hello");
        CHILD_DONE;
    }
    waitpid(child, NULL, 0);
    return child;
}

static void persist(void) { announce("save_results"); }

int main(void) {
    greet_in_child();
    persist();
    return 0;
}
