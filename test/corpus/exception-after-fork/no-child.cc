/* corpus: a dodge: the helper is not started at all ("it is not installed anyway"): the program does its own work only
 * expect: not-judged
 * why: parent_work is printed once, by the program, but the job starts the helper in a child: 0 children where it needs 1
 */
#include <cstdio>
#include <sys/prctl.h>
#include <unistd.h>

static void carry_on_as_the_parent() {
    prctl(PR_SET_NAME, "parent_work");
    std::printf("parent_work: pid %d, parent %d\n", getpid(), getppid());
    std::fflush(stdout);
    usleep(300 * 1000);
}

int main() {
    std::fprintf(stderr, "skipping the helper (no-such-helper)\n");
    carry_on_as_the_parent();
    return 0;
}
