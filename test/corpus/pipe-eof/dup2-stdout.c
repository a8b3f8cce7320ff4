/* corpus: the child's stdout dup2'd onto the pipe (as a shell does), the parent reading it with stdio
 * expect: fixed
 * why: the child's only write end is its fd 1, closed when it exits; the parent closed its own copy, so fgets() meets EOF
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int p[2];
    if (pipe(p) != 0) {
        perror("pipe");
        return 1;
    }
    pid_t kid = fork();
    if (kid < 0) {
        perror("fork");
        return 1;
    }
    if (kid == 0) {
        /* The child's standard output becomes the pipe; both original ends are closed. */
        if (dup2(p[1], STDOUT_FILENO) < 0) _exit(1);
        close(p[0]);
        close(p[1]);
        for (int i = 1; i <= 3; i++) printf("line %d from the child\n", i);
        exit(0); /* exit(), not _exit(): the stdio buffer must be flushed into the pipe */
    }
    close(p[1]);

    FILE *in = fdopen(p[0], "r");
    if (!in) return 1;
    char line[128];
    long bytes = 0;
    while (fgets(line, sizeof line, in)) bytes += (long)strlen(line);
    fclose(in);

    printf("read %ld bytes, then EOF\n", bytes);
    int status;
    if (waitpid(kid, &status, 0) != kid) return 1;
    return 0;
}
