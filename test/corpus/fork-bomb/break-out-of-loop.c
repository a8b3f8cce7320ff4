/* corpus: the child breaks out of the request loop and returns from main (no _exit): a learner's fix that works because the loop is in main
 * expect: fixed
 * why: 8 children, each handles its request (30 ms), leaves the loop with break and returns 0 from main, so it exits 0 without forking; only the parent goes round the loop
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "pitfalls.h"

static void handle(int request) {
    (void)request;
    usleep(30 * 1000); /* some work for this request */
}

int main(void) {
    int fork_error_said = 0;
    for (int request = 0; request < 8; request++) {
        usleep(100 * 1000); /* pacing: a request every 100 ms */
        pid_t pid = fork();
        if (pid == 0) {
            handle(request);
            break; /* the child stops serving: only the parent loops */
        }
        if (pid < 0 && !fork_error_said) {
            report("fork_failed", errno == EAGAIN ? "EAGAIN" : strerror(errno));
            fork_error_said = 1;
        }
    }
    return 0; /* the parent after its 8 requests, and each child right after its break: exit 0 */
}
