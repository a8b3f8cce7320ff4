/* corpus: the bug in disguise: the child's branch calls finish_request(), which "returns 0 when the child is done", and the child falls through into the loop
 * expect: not-fixed
 * why: returning from a helper does not end a process: every child goes back round the loop and forks too, so with the fixture's 100 ms pacing the live count doubles each request up to the cap
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "pitfalls.h"

static void await_client(void) {
    usleep(100 * 1000); /* a client every 100 ms, as in the fixture */
}

static void serve_client(int client) {
    (void)client;
}

/* Serves the client and tells the caller the child is done. */
static int finish_request(int client) {
    serve_client(client);
    return 0; /* "the child is finished": but this only returns to the loop below */
}

int main(void) {
    int failure_noted = 0;
    for (int client = 0; client < 8; client++) {
        await_client();
        pid_t handler = fork();
        if (handler == 0) {
            (void)finish_request(client);
        } else if (handler < 0 && !failure_noted) {
            report("fork_failed", errno == EAGAIN ? "EAGAIN" : strerror(errno));
            failure_noted = 1;
        }
    }
    return 0;
}
