/* corpus: a dodge: no child: one process plays both A and B, a chunk at a time, and prints both lines
 * expect: not-judged
 * why: the byte counts are right, but there is no second process: the job is two processes talking, and no child was started
 */
#define _GNU_SOURCE /* F_GETPIPE_SZ */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "pitfalls.h"

#define CHUNK 4096

static void report_written(long bytes) {
    char value[64];
    snprintf(value, sizeof value, "%d:%ld", getpid(), bytes);
    report("written", value);
}

int main(void) {
    int a_to_b[2], b_to_a[2];
    if (pipe(a_to_b) != 0 || pipe(b_to_a) != 0) return 1;
    long capacity = fcntl(a_to_b[1], F_GETPIPE_SZ);
    report_int("pipe_capacity", capacity);
    long message = capacity > 0 ? 2 * capacity : 128 * 1024;

    static char chunk[CHUNK], buf[CHUNK];
    long a_got = 0, b_got = 0;
    for (long sent = 0; sent < message; sent += CHUNK) {
        report_written(sent);
        /* "A" writes a chunk and "B" reads it, then the other way round: the same process both times. */
        if (write(a_to_b[1], chunk, CHUNK) != CHUNK) return 1;
        ssize_t n = read(a_to_b[0], buf, sizeof buf);
        if (n > 0) b_got += n;
        if (write(b_to_a[1], chunk, CHUNK) != CHUNK) return 1;
        n = read(b_to_a[0], buf, sizeof buf);
        if (n > 0) a_got += n;
    }
    printf("B received %ld bytes\n", b_got);
    printf("A received %ld bytes\n", a_got);
    return 0;
}
