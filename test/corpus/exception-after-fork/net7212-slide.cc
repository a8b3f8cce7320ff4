/* corpus: the NET7212 slide "Same footgun as before, C++ style!" createChild() as it stands (argv typed char **, an Exception class, the program's own stdin and stdout as the two fds), with a main() that catches and carries on
 * expect: not-fixed
 * why: execvp("no-such-helper") fails in the child, which throws "exec failed" up to main()'s catch, written for the parent: the child prints parent_work too, under another pid, every run
 */
#include <cstdio>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

// Not on the slide: the exception type it throws.
struct Exception : std::runtime_error {
    explicit Exception(const char *what) : std::runtime_error(what) {}
};

pid_t createChild(char **argv, int readFd, int writeFd) {
    pid_t pid = fork();
    if (pid == -1) { throw Exception("fork failed"); }
    if (pid == 0) { // child
        if (dup2(readFd, STDIN_FILENO) < 0) {
            throw Exception("dup2 on stdin failed");
        }
        if (dup2(writeFd, STDOUT_FILENO) < 0) {
            throw Exception("dup2 on stdout failed");
        }
        execvp(argv[0], argv);
        throw Exception("exec failed");
    }
    return pid; // parent
}

// Not on the slide: the parent's work, and a main() that calls createChild().
static void parentWork() {
    std::printf("parent_work: pid %d, parent %d\n", getpid(), getppid());
    std::fflush(stdout);
    usleep(200 * 1000);
}

int main() {
    char name[] = "no-such-helper";
    char *argv[] = {name, nullptr};
    try {
        pid_t pid = createChild(argv, STDIN_FILENO, STDOUT_FILENO);
        parentWork();
        waitpid(pid, nullptr, 0);
    } catch (const Exception &e) {
        std::fprintf(stderr, "pid %d: %s; carrying on without the helper\n", getpid(), e.what());
        parentWork();
    }
    return 0;
}
