/* corpus: what libuv and Rust do: the child writes exec's errno to a close-on-exec pipe and calls _exit(127); the parent reads it and throws, in the parent
 * expect: fixed
 * why: the child never throws and never returns (write then _exit); the parent learns ENOENT from the pipe, its handler runs in the program only, and parent_work is printed once, by the program's pid
 */
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <system_error>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

// Starts argv[0]; throws std::system_error in the parent if it could not be started.
static pid_t spawn_program(const char *const argv[]) {
    int report_pipe[2];
    if (pipe2(report_pipe, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
    pid_t pid = fork();
    if (pid == -1) {
        int e = errno;
        close(report_pipe[0]);
        close(report_pipe[1]);
        throw std::system_error(e, std::generic_category(), "fork");
    }
    if (pid == 0) {
        close(report_pipe[0]);
        execvp(argv[0], const_cast<char *const *>(argv));
        int e = errno; // only reached when the exec failed
        (void)!write(report_pipe[1], &e, sizeof e);
        _exit(127);
    }
    close(report_pipe[1]);
    int child_errno = 0;
    ssize_t got;
    do {
        got = read(report_pipe[0], &child_errno, sizeof child_errno);
    } while (got == -1 && errno == EINTR);
    close(report_pipe[0]);
    if (got == static_cast<ssize_t>(sizeof child_errno)) { // the exec failed: collect the child, then say so here
        waitpid(pid, nullptr, 0);
        throw std::system_error(child_errno, std::generic_category(), std::string("exec ") + argv[0]);
    }
    return pid; // got 0: the pipe closed on a successful exec
}

static void carry_on_as_the_parent() {
    prctl(PR_SET_NAME, "parent_work");
    std::printf("parent_work: pid %d, parent %d\n", getpid(), getppid());
    std::fflush(stdout);
    usleep(300 * 1000);
}

int main() {
    const char *const helper[] = {"no-such-helper", nullptr};
    pid_t pid = -1;
    try {
        pid = spawn_program(helper);
    } catch (const std::system_error &e) {
        std::fprintf(stderr, "pid %d: could not start the helper (%s); carrying on without it\n", getpid(), e.what());
    }
    carry_on_as_the_parent();
    if (pid > 0) waitpid(pid, nullptr, 0);
    return 0;
}
