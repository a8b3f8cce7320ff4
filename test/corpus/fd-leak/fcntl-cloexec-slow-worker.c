/* corpus: FD_CLOEXEC set with fcntl() on both ends, and a worker that computes for 0.5 s before it writes its result
 * expect: fixed
 * why: sleep inherits no pipe end; the reader waits half a second for a worker that is busy computing, not stuck, and gets EOF when it exits
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int close_on_exec(int fd) {
    int flags = fcntl(fd, F_GETFD);
    return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Half a second of real work: a partial sum of the harmonic series. */
static double compute(void) {
    double sum = 0, stop = seconds() + 0.5;
    for (long k = 1;; k++) {
        sum += 1.0 / (double)k;
        if (k % 100000 == 0 && seconds() >= stop) break;
    }
    return sum;
}

int main(void) {
    int result_pipe[2];
    if (pipe(result_pipe) != 0) return 1;
    if (close_on_exec(result_pipe[0]) != 0 || close_on_exec(result_pipe[1]) != 0) return 1;

    pid_t worker = fork();
    if (worker < 0) return 1;
    if (worker == 0) {
        close(result_pipe[0]);
        double value = compute();
        dprintf(result_pipe[1], "result: %.6f\n", value);
        close(result_pipe[1]);
        _exit(0);
    }

    pid_t shipper = fork(); /* the long-running helper: a log shipper, here sleep */
    if (shipper < 0) return 1;
    if (shipper == 0) {
        execlp("sleep", "sleep", "30", (char *)NULL);
        _exit(127);
    }

    close(result_pipe[1]);
    char buf[128];
    long total = 0;
    for (ssize_t n; (n = read(result_pipe[0], buf, sizeof buf)) > 0;) total += n;
    close(result_pipe[0]);
    printf("read %ld bytes, then EOF\n", total);

    kill(shipper, SIGTERM);
    waitpid(shipper, NULL, 0);
    waitpid(worker, NULL, 0);
    return 0;
}
