/* corpus: a slow worker per request (40 ms of work), ended with _exit(0), and the server reaping each one with waitpid before the next request
 * expect: fixed
 * why: 8 children, one at a time, each works 40 ms then exits 0 and is reaped; a child never leaves its branch, so no child forks and at most 2 processes live at once
 */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

enum { NUM_REQUESTS = 8 };

static void serve(int id) {
    (void)id;
    usleep(40 * 1000); /* the request takes a while to handle */
}

int main(void) {
    int told = 0;
    for (int id = 0; id < NUM_REQUESTS; id++) {
        usleep(50 * 1000); /* wait for the next request */
        pid_t child = fork();
        if (child == 0) {
            serve(id);
            _exit(0);
        }
        if (child < 0) {
            if (!told) report("fork_failed", errno == EAGAIN ? "EAGAIN" : strerror(errno));
            told = 1;
            continue;
        }
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    }
    return 0;
}
