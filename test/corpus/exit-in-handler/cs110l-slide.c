/* corpus: the CS110L slide "Exit on ctrl+c" (Multiprocessing part 2) as it stands: exit(0) in the handler, the main code sleeping in a loop; only the ready report added
 * expect: not-judged
 * why: the slide's program writes no records and registers no journal: nothing is cut in two, but nothing is saved either, so the job is not done
 */
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>
#include "pitfalls.h"

void handler(int sig) {
    (void)sig;
    exit(0);
}

int main(void) {
    signal(SIGINT, handler);
    report("ready", "1"); /* added: where the runner types Ctrl-C */
    while (true) {
        sleep(1);
    }
    return 0;
}
