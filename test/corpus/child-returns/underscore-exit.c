/* corpus: the lesson's rule applied to the fixture: _exit(0) instead of return 0 at the end of the child's branch
 * expect: fixed
 * why: the child says hello and ends inside create_child_and_say_hello(); only the parent returns to main(), so save_results is printed once, by the program's own pid
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
        _exit(0); /* the fix */
    }
    waitpid(pid, NULL, 0);
    return pid;
}

static void save_results(void) { run_job("save_results"); }

int main(void) {
    create_child_and_say_hello();
    save_results();
    return 0;
}
