/* corpus: alternate: each side writes one 4 KiB chunk, then reads one whole chunk from the other, 32 rounds
 * expect: fixed
 * why: neither side is ever more than two chunks ahead of its reader, far below what a pipe holds, so no write() blocks for good
 */
#define _GNU_SOURCE /* F_GETPIPE_SZ */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define CHUNK 4096

static long total_bytes = 128 * 1024;

static void report_written(long bytes) {
    char value[64];
    snprintf(value, sizeof value, "%d:%ld", getpid(), bytes);
    report("written", value);
}

/* Reads exactly `want` bytes unless the other side closes first. */
static long read_exactly(int fd, char *buf, long want) {
    long have = 0;
    while (have < want) {
        ssize_t n = read(fd, buf + have, (size_t)(want - have));
        if (n <= 0) break;
        have += n;
    }
    return have;
}

/* One chunk out, one chunk in, until both messages have gone across. Returns the bytes received. */
static long trade(int out, int in) {
    static char mine[CHUNK], theirs[CHUNK];
    long sent = 0, received = 0;
    while (sent < total_bytes || received < total_bytes) {
        if (sent < total_bytes) {
            report_written(sent);
            ssize_t n = write(out, mine, CHUNK);
            if (n <= 0) break;
            sent += n;
        }
        if (received < total_bytes) {
            long n = read_exactly(in, theirs, CHUNK);
            if (n <= 0) break;
            received += n;
        }
    }
    return received;
}

int main(void) {
    int up[2], down[2]; /* up: A to B, down: B to A */
    if (pipe(up) != 0 || pipe(down) != 0) return 1;
    long capacity = fcntl(up[1], F_GETPIPE_SZ);
    report_int("pipe_capacity", capacity);
    if (capacity > 0) total_bytes = 2 * capacity;

    pid_t b = fork();
    if (b == 0) {
        close(up[1]);
        close(down[0]);
        printf("B received %ld bytes\n", trade(down[1], up[0]));
        fflush(stdout);
        _exit(0);
    }

    close(up[0]);
    close(down[1]);
    printf("A received %ld bytes\n", trade(up[1], down[0]));
    waitpid(b, NULL, 0);
    return 0;
}
