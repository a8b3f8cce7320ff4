/* corpus: the bug in disguise: a reap_all() with waitpid() for every worker exists, but it is called only after the parent's second of work
 * expect: not-fixed
 * why: the workers end within 50 ms; the parent reaps them only a second later, so all five sit in state Z for about 950 ms under a living parent
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 5
static pid_t workers[WORKERS];

static void do_job(int job) {
    usleep(30 * 1000);
    printf("worker %d (pid %d): job done\n", job, getpid());
    fflush(stdout);
}

static void start_workers(void) {
    for (int job = 0; job < WORKERS; job++) {
        workers[job] = fork();
        if (workers[job] == 0) {
            do_job(job);
            _exit(0);
        }
    }
}

static void own_work(void) {
    printf("parent (pid %d): started %d workers, carrying on with its own work\n", getpid(), WORKERS);
    fflush(stdout);
    sleep(1);
}

static void reap_all(void) {
    for (int job = 0; job < WORKERS; job++) {
        if (workers[job] > 0) waitpid(workers[job], NULL, 0);
    }
}

int main(void) {
    start_workers();
    own_work();
    reap_all(); /* the waits are here: too late, after the second of work */
    return 0;
}
