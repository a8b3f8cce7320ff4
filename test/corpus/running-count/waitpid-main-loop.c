/* corpus: no handler at all: the main code reaps with a blocking waitpid() loop and counts down itself
 * expect: fixed
 * why: waitpid() blocks until a child has exited and returns -1 (ECHILD) only when none is left, so nothing can be missed and every child is reaped
 */
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 5

int main(void) {
    int alive = 0;
    for (int i = 0; i < WORKERS; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            break;
        }
        if (pid == 0) {
            usleep((useconds_t)(100 + 40 * i) * 1000); /* the child's work, a little longer each */
            _exit(0);
        }
        alive++;
        printf("%d running processes\n", alive);
    }
    fflush(stdout);

    for (;;) {
        int status;
        pid_t done = waitpid(-1, &status, 0);
        if (done > 0) {
            alive--;
            continue;
        }
        if (errno == EINTR) continue;
        break; /* ECHILD: nobody left */
    }
    printf("All processes exited! %d running processes\n", alive);
    return 0;
}
