/* corpus: the bug in disguise: after the failed exec the child calls fail_start(), a [[noreturn]] helper that "reports the error", by throwing
 * expect: not-fixed
 * why: the throw is only moved into another function: it still unwinds the child's copy of the stack to main()'s catch, so the child prints parent_work under its own pid as well, every run
 */
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct StartError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] static void fail_start(const char *program, int error) {
    throw StartError(std::string("cannot start ") + program + ": " + std::strerror(error));
}

static pid_t start_helper(const char *const argv[]) {
    pid_t pid = fork();
    if (pid < 0) fail_start("fork", errno);
    if (pid == 0) {
        execvp(argv[0], const_cast<char *const *>(argv));
        fail_start(argv[0], errno); // "never returns", so the child cannot carry on... by unwinding, it does
    }
    return pid;
}

static void carry_on_as_the_parent() {
    prctl(PR_SET_NAME, "parent_work");
    std::printf("parent_work: pid %d, parent %d\n", getpid(), getppid());
    std::fflush(stdout);
    usleep(300 * 1000);
}

int main() {
    const char *const helper[] = {"no-such-helper", nullptr};
    try {
        pid_t pid = start_helper(helper);
        carry_on_as_the_parent();
        waitpid(pid, nullptr, 0);
    } catch (const StartError &e) {
        std::fprintf(stderr, "pid %d: %s; carrying on without it\n", getpid(), e.what());
        carry_on_as_the_parent();
    }
    return 0;
}
