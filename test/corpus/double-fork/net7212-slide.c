/* corpus: the NET7212 slide "Fork - what could possibly go wrong? (cont.)" as it stands: pid1 = fork(); pid2 = fork(); (only do_stuff1/2 written out, and main without argc/argv)
 * expect: not-fixed
 * why: both fork() calls succeed: the first child forks at line 3 too, so 4 processes come out where 3 were meant and do_stuff1 runs twice, every run
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* Not on the slide: what the two jobs do (say who runs them, and take a moment). */
void do_stuff1(void) {
    printf("do_stuff1: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    usleep(200 * 1000);
}

void do_stuff2(void) {
    printf("do_stuff2: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    usleep(200 * 1000);
}

int main(void) {
    pid_t pid1 = fork();
    pid_t pid2 = fork();
    if (pid1 == 0) {
        do_stuff1();
        return 0;
    }
    if (pid2 == 0) {
        do_stuff2();
        return 0;
    }
    waitpid(pid1, NULL, 0);
    waitpid(pid2, NULL, 0);
}
