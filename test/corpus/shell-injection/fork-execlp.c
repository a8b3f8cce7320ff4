/* corpus: the classic fix: pipe(), fork(), dup2() onto stdin, execlp("tee", "tee", "--", name)
 * expect: fixed
 * why: tee is the only program started, and its argv holds the whole name as one element
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "notes.txt";
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 1;
    pid_t tee = fork();
    if (tee == 0) {
        dup2(fds[0], 0);
        execlp("tee", "tee", "--", name, (char *)NULL);
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
    waitpid(tee, &status, 0);
    printf("notes saved (status %d)\n", status);
    return 0;
}
