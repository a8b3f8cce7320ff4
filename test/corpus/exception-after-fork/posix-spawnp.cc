/* corpus: posix_spawnp() instead of fork and exec: glibc returns the failed exec's ENOENT to the parent as its result
 * expect: fixed
 * why: no line of the program runs in the child (glibc's own child execs or _exits with 127, and glibc reaps it on failure); the parent sees ENOENT and does its work once, under its own pid
 */
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void parent_work() {
    std::printf("parent_work: pid %d, parent %d\n", getpid(), getppid());
    std::fflush(stdout);
    usleep(300 * 1000);
}

int main() {
    char name[] = "no-such-helper";
    char *helper_argv[] = {name, nullptr};
    pid_t helper = -1;
    int rc = posix_spawnp(&helper, name, nullptr, nullptr, helper_argv, environ);
    if (rc != 0) {
        std::fprintf(stderr, "could not start %s: %s; carrying on without it\n", name, std::strerror(rc));
        helper = -1;
    }
    parent_work();
    if (helper > 0) waitpid(helper, nullptr, 0);
    return 0;
}
