/* corpus: no popen(): fork() and execl("/bin/sh", "sh", "-c", command), the command still built from the name
 * expect: not-fixed
 * why: the same shell parses the same command line: sh runs tee on "notes", then touch
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "notes.txt";
    char command[512];
    snprintf(command, sizeof command, "tee %s", name);
    int fds[2];
    if (pipe(fds) != 0) return 1;
    pid_t child = fork();
    if (child == 0) {
        dup2(fds[0], 0);
        close(fds[0]);
        close(fds[1]);
        execl("/bin/sh", "sh", "-c", command, (char *)NULL);
        _exit(127);
    }
    close(fds[0]);
    for (int i = 1; i <= 3; i++) {
        char note[64];
        int n = snprintf(note, sizeof note, "note %d: buy milk\n", i);
        (void)!write(fds[1], note, (size_t)n);
        usleep(100 * 1000);
    }
    close(fds[1]);
    int status;
    waitpid(child, &status, 0);
    printf("notes saved (status %d)\n", status);
    return 0;
}
