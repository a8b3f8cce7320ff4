/* corpus: the rule's fix in the fixture: the throw after the failed exec replaced by a short message with write(2) and _exit(127)
 * expect: fixed
 * why: the child's exec fails (ENOENT) and it ends there with 127, never unwinding into main()'s handler; only the program prints parent_work, once
 */
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t create_child(const char *const argv[]) {
    pid_t pid = fork();
    if (pid == -1) throw std::runtime_error("fork failed");
    if (pid == 0) { // child
        execvp(argv[0], const_cast<char *const *>(argv));
        static const char msg[] = "child: exec failed\n";
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        _exit(127); // the fix: the child ends here, whatever happened
    }
    return pid; // parent
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
        pid_t pid = create_child(helper);
        carry_on_as_the_parent();
        int status = 0;
        waitpid(pid, &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) std::fprintf(stderr, "the helper could not be started (exit 127)\n");
    } catch (const std::exception &e) {
        std::fprintf(stderr, "pid %d: could not start the helper (%s); carrying on without it\n", getpid(), e.what());
        carry_on_as_the_parent();
    }
    return 0;
}
