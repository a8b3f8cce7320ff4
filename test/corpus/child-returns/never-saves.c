/* corpus: a dodge: the child says hello and ends with _exit(0), but save_results() was deleted ("it ran twice, so I removed it")
 * expect: not-judged
 * why: nothing runs twice, but the results are never saved: no save_results line, so the job is not done
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

static void say_hello(void) { run_job("say_hello"); }

static pid_t create_child_and_say_hello(void) {
    pid_t pid = fork();
    if (pid == 0) {
        say_hello();
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    return pid;
}

int main(void) {
    create_child_and_say_hello();
    return 0;
}
