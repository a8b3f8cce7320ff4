/* corpus: a dodge: the loop cut to 3 requests ("fewer forks, fewer problems"), each child ending with _exit(0)
 * expect: not-judged
 * why: nothing forks in its turn, but only 3 children where the job serves 8 requests: the job is not done
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "pitfalls.h"

#define REQUESTS 3 /* was 8 */

static void do_stuff(void) {
    usleep(20 * 1000);
}

int main(void) {
    int reported = 0;
    for (int request = 0; request < REQUESTS; request++) {
        usleep(100 * 1000);
        pid_t pid = fork();
        if (pid == 0) {
            do_stuff();
            _exit(0);
        } else if (pid < 0 && !reported) {
            report("fork_failed", errno == EAGAIN ? "EAGAIN" : strerror(errno));
            reported = 1;
        }
    }
    return 0;
}
