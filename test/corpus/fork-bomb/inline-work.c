/* corpus: a dodge: "fork is dangerous, so I removed it": all 8 requests handled inline by the server itself
 * expect: not-judged
 * why: no process grows, but the job is each request in a child process of its own: 0 children where the job needs 8
 */
#include <unistd.h>
#include "pitfalls.h"

static void wait_for_request(void) {
    usleep(100 * 1000);
}

static void do_stuff(void) {
    usleep(10 * 1000); /* handle the request, here, in the server */
}

int main(void) {
    for (int request = 0; request < 8; request++) {
        wait_for_request();
        do_stuff(); /* no fork() at all */
    }
    return 0;
}
