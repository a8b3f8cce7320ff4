/* corpus: the child says hello by running a separate program: it builds its line, execs echo, and calls _exit(127) if that fails
 * expect: fixed
 * why: the child becomes echo (same pid, so the hello line carries the child's own pid) and can never return into main(); the parent waits, then saves the results once, under its own pid
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t start_greeter(void) {
    pid_t pid = fork();
    if (pid == 0) {
        char hello[64];
        snprintf(hello, sizeof hello, "say_hello: pid %d, parent %d", getpid(), getppid());
        execlp("echo", "echo", hello, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void save_results(void) {
    prctl(PR_SET_NAME, "save_results");
    printf("save_results: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    usleep(300 * 1000);
}

int main(void) {
    pid_t greeter = start_greeter();
    if (greeter > 0) waitpid(greeter, NULL, 0);
    save_results();
    return 0;
}
