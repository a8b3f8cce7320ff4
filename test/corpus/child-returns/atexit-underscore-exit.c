/* corpus: results saved by an atexit() handler; the child first ended with exit(0) (which would run that handler in the child too), replaced by _exit(0)
 * expect: fixed
 * why: _exit() skips atexit handlers and stdio flushing, so the handler the child inherited never runs there; the parent's return from main runs it once: save_results printed once, by the program's pid
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void greet(void) {
    printf("say_hello: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    usleep(200 * 1000);
}

static void save_results(void) {
    printf("save_results: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    usleep(200 * 1000);
}

static void hello_from_child(void) {
    pid_t kid = fork();
    if (kid == 0) {
        greet();
        _exit(EXIT_SUCCESS); /* was exit(EXIT_SUCCESS): that runs the atexit handlers, save_results included */
    }
    if (kid > 0) waitpid(kid, NULL, 0);
}

int main(void) {
    atexit(save_results); /* saved when the program ends */
    hello_from_child();
    return 0;
}
