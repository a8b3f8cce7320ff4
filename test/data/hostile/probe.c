/* A hostile program for the containment tests: it tries what a careless or malicious learner's
 * program might, and prints what happened, one "name: result" line each. Run only by the runner. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static const char *result(int ok) { return ok ? "yes" : strerror(errno); }

int main(int argc, char **argv) {
    pid_t sentinel = argc > 1 ? atoi(argv[1]) : 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("uid: %d\n", getuid());
    printf("tty: %s\n", result(open("/dev/tty", O_RDWR) >= 0));
    printf("signal-supervisor: %s\n", result(kill(getppid(), SIGTERM) == 0));
    printf("kill-sentinel: %s\n", result(sentinel > 0 && kill(sentinel, SIGKILL) == 0));
    printf("setuid-root: %s\n", result(setuid(0) == 0));
    printf("no-new-privs: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    FILE *scratch = fopen("scratch.txt", "w");
    printf("write-cwd: %s\n", result(scratch != NULL));
    FILE *outside = fopen("/tmp/pitfalls-hostile-probe-file", "w");
    printf("write-tmp: %s\n", result(outside != NULL));
    if (outside) fclose(outside);
    printf("escapes: \033]0;PWNED\007 \033]52;c;SGVsbG8=\007 \033[2J\n");
    /* A flood with no newline: the runner must keep only a bounded part of it. */
    static char block[65536];
    memset(block, 'x', sizeof block);
    for (int i = 0; i < 64; i++) (void)!write(1, block, sizeof block);
    return 0;
}
