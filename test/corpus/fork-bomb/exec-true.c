/* corpus: the rule's fix: each request handled by a separate program (execlp "true"), with _exit(127) in case the exec fails
 * expect: fixed
 * why: 8 children, each becomes true(1) and exits 0; a child either runs another program or ends at _exit(127), so it never reaches the loop again and never forks
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "pitfalls.h"

#define REQUEST_COUNT 8

static void next_request(void) {
    usleep(80 * 1000); /* requests arrive every 80 ms */
}

static void handle_in_own_program(void) {
    /* "true" stands for the program that serves one request */
    execlp("true", "true", (char *)NULL);
    _exit(127); /* only if the exec failed: never go back to the caller */
}

int main(void) {
    int said_so = 0;
    for (int served = 0; served < REQUEST_COUNT; served++) {
        next_request();
        pid_t worker = fork();
        if (worker == 0) handle_in_own_program();
        if (worker < 0 && !said_so) {
            report("fork_failed", errno == EAGAIN ? "EAGAIN" : strerror(errno));
            said_so = 1;
        }
    }
    return 0;
}
