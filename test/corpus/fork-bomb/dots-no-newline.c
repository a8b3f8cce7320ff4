/* corpus: the fixed job printing its progress as dots with no newline at all ("." per request, fflush before each fork)
 * expect: fixed
 * why: 8 children, each exits 0 through _exit(0) and none forks; the output is "........" without a final newline, which must not stop the judge from reading the run
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "pitfalls.h"

int main(void) {
    int reported = 0;
    for (int request = 0; request < 8; request++) {
        usleep(100 * 1000);
        printf(".");
        fflush(stdout); /* flushed before the fork: the child has no copy of it to write again */
        pid_t pid = fork();
        if (pid == 0) {
            usleep(20 * 1000); /* the request */
            _exit(0);
        }
        if (pid < 0 && !reported) {
            report("fork_failed", errno == EAGAIN ? "EAGAIN" : strerror(errno));
            reported = 1;
        }
    }
    return 0;
}
