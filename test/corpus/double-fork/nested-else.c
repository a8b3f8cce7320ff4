/* corpus: nested if/else: the second fork() sits in the first one's parent branch, and each child returns from main in its own branch (no prctl names)
 * expect: fixed
 * why: the second fork() is reached by the parent only: 2 children (150 ms of work each) exiting 0, reaped by the parent, 3 processes in all
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void first_task(void) {
    printf("first task: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    usleep(150 * 1000);
}

static void second_task(void) {
    printf("second task: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    usleep(150 * 1000);
}

int main(void) {
    pid_t a = fork();
    if (a < 0) {
        perror("fork");
        return 1;
    } else if (a == 0) {
        first_task();
        return 0; /* in main: returning ends this child */
    } else {
        pid_t b = fork();
        if (b < 0) {
            perror("fork");
            waitpid(a, NULL, 0);
            return 1;
        } else if (b == 0) {
            second_task();
            return 0;
        } else {
            waitpid(a, NULL, 0);
            waitpid(b, NULL, 0);
        }
    }
    return 0;
}
