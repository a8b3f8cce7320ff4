/* corpus: the bug in disguise: the two fork() calls renamed and wrapped in a helper spawn_job(), which returns 0 in the child for the caller to run the job
 * expect: not-fixed
 * why: spawn_job() is still fork(): the first child returns from it, calls spawn_job() a second time and forks a grandchild, so 4 processes run where 3 were meant, every run
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void work(const char *name) {
    prctl(PR_SET_NAME, name);
    printf("%s: pid %d, parent %d\n", name, getpid(), getppid());
    fflush(stdout);
    usleep(300 * 1000);
}

/* Starts a job process: returns its pid in the caller, 0 in the job itself (like fork). */
static pid_t spawn_job(void) {
    pid_t job = fork();
    if (job < 0) perror("spawn_job");
    return job;
}

int main(void) {
    pid_t indexer = spawn_job();
    pid_t uploader = spawn_job();
    if (indexer == 0) {
        work("indexer");
        return 0;
    }
    if (uploader == 0) {
        work("uploader");
        return 0;
    }
    waitpid(indexer, NULL, 0);
    waitpid(uploader, NULL, 0);
    return 0;
}
