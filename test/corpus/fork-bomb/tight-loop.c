/* corpus: the bomb without its pacing: the fixture with the usleep removed, i.e. the NET7212 slide "Fork - what could possibly go wrong?" loop cut to 8 rounds
 * expect: not-fixed
 * why: the child still falls back into the loop; with no pause the processes double as fast as fork() allows, 2^8 wanted, until fork() fails at the cap of 64 tasks
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "pitfalls.h"

static void do_stuff(void) {
}

int main(void) {
    int reported = 0;
    for (int request = 0; request < 8; request++) {
        pid_t pid = fork();
        if (pid == 0) {
            do_stuff();
        } else if (pid < 0 && !reported) {
            report("fork_failed", errno == EAGAIN ? "EAGAIN" : strerror(errno));
            reported = 1;
        }
    }
    return 0;
}
