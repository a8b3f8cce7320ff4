/* corpus: sigaction() with SA_NOCLDWAIT on SIGCHLD (the handler left at SIG_DFL): children are not turned into zombies
 * expect: fixed
 * why: SA_NOCLDWAIT makes the kernel reap each worker as it exits, so none is ever seen in state Z; 5 workers exit 0, the parent carries on for a second and exits 0
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void run_worker(int n) {
    usleep(70 * 1000);
    printf("worker %d (pid %d): job done\n", n, getpid());
    fflush(stdout);
}

int main(void) {
    struct sigaction no_zombies = { .sa_handler = SIG_DFL, .sa_flags = SA_NOCLDWAIT };
    sigemptyset(&no_zombies.sa_mask);
    if (sigaction(SIGCHLD, &no_zombies, NULL) != 0) return 1;

    for (int n = 0; n < 5; n++) {
        if (fork() == 0) {
            run_worker(n);
            _exit(0);
        }
    }
    printf("parent (pid %d): started 5 workers, carrying on with its own work\n", getpid());
    fflush(stdout);
    usleep(1000 * 1000);
    return 0;
}
