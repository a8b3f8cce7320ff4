/* corpus: a SIGCHLD handler that reaps with while (waitpid(-1, NULL, WNOHANG) > 0), and the parent's second of work as a nanosleep that resumes after each interruption
 * expect: fixed
 * why: each SIGCHLD makes the handler reap every worker that has exited, merged signals included, so no zombie outlives a handler call; 5 workers exit 0 and the parent still works a full second
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void reap_workers(int sig) {
    (void)sig;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    errno = saved;
}

static void job(int k) {
    usleep((useconds_t)(40 + 20 * k) * 1000); /* jobs of different lengths: the exits come at different times */
    printf("worker %d (pid %d): job done\n", k, getpid());
    fflush(stdout);
}

int main(void) {
    struct sigaction sa = { .sa_handler = reap_workers, .sa_flags = SA_RESTART | SA_NOCLDSTOP };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);

    for (int k = 0; k < 5; k++) {
        pid_t pid = fork();
        if (pid == 0) {
            job(k);
            _exit(0);
        }
    }
    printf("parent (pid %d): started 5 workers, carrying on with its own work\n", getpid());
    fflush(stdout);

    /* The parent's own second: a SIGCHLD interrupts nanosleep, which then goes on with what is left. */
    struct timespec left = { 1, 0 };
    while (nanosleep(&left, &left) == -1 && errno == EINTR) {
    }
    return 0;
}
