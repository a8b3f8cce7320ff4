/* corpus: the fix the lecture gives: the fixture with _exit(0) at the end of the child's branch, nothing else changed
 * expect: fixed
 * why: 8 children, each handles its request and ends with _exit(0) (exit 0), none comes back round the loop, so none forks; never more than 2 live processes; the unreaped zombies are the next lesson, not this pitfall
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "pitfalls.h"

static void wait_for_request(void) {
    usleep(100 * 1000); /* a request every 100 ms */
}

static void do_stuff(void) {
    /* handle the request */
}

#define REQUESTS 8

int main(void) {
    int reported = 0;
    for (int request = 0; request < REQUESTS; request++) {
        wait_for_request();
        pid_t pid = fork();
        if (pid == 0) {
            do_stuff();
            _exit(0); /* the fix: the child ends here, in its own branch */
        } else if (pid < 0 && !reported) {
            report("fork_failed", errno == EAGAIN ? "EAGAIN" : strerror(errno));
            reported = 1;
        }
    }
    return 0;
}
