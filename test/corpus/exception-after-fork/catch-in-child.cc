/* corpus: the child's side wrapped in its own try/catch: whatever it throws is caught in the child, which then calls _exit(127)
 * expect: fixed
 * why: the exception thrown after the failed exec (ENOENT) stops at the child's own handler, which ends the child; main()'s handler is never reached there, so parent_work is printed once, by the program
 */
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

// Replaces the current process with the helper; throws if it cannot.
static void become(const char *const argv[]) {
    execvp(argv[0], const_cast<char *const *>(argv));
    throw std::runtime_error(std::string("exec ") + argv[0] + " failed: " + std::strerror(errno));
}

static pid_t launch(const char *const argv[]) {
    pid_t pid = fork();
    if (pid == -1) throw std::runtime_error("fork failed");
    if (pid == 0) {
        try {
            become(argv);
        } catch (...) {
            // caught in the child itself: it must not go on as the parent
        }
        _exit(127);
    }
    return pid;
}

static void parent_work() {
    std::printf("parent_work: pid %d, parent %d\n", getpid(), getppid());
    std::fflush(stdout);
    usleep(250 * 1000);
}

int main() {
    const char *const helper[] = {"no-such-helper", nullptr};
    try {
        pid_t child = launch(helper);
        parent_work();
        waitpid(child, nullptr, 0);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "pid %d: %s; carrying on without the helper\n", getpid(), e.what());
        parent_work();
    }
    return 0;
}
