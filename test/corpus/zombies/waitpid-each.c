/* corpus: the fixture with waitpid() right after each fork: each worker (a 60 ms job) is reaped before the next one starts
 * expect: fixed
 * why: 5 workers, each exits 0 and is reaped as soon as it exits (a zombie for microseconds, not 250 ms); the parent then carries on for its second and exits 0
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 5

static void do_job(int job) {
    char name[16];
    snprintf(name, sizeof name, "worker %d", job);
    prctl(PR_SET_NAME, name);
    usleep(60 * 1000); /* the job takes a little while */
    printf("worker %d (pid %d): job done\n", job, getpid());
    fflush(stdout);
}

int main(void) {
    for (int job = 0; job < WORKERS; job++) {
        pid_t pid = fork();
        if (pid == 0) {
            do_job(job);
            _exit(0);
        }
        if (pid > 0) waitpid(pid, NULL, 0); /* the fix: collect it as soon as it is done */
    }
    printf("parent (pid %d): started %d workers, carrying on with its own work\n", getpid(), WORKERS);
    fflush(stdout);
    sleep(1);
    return 0;
}
