/* corpus: a dodge: both sides still write everything first, but each sends only 60 KiB, which fits in a pipe
 * expect: not-judged
 * why: nothing blocks because nothing is big enough to: each side receives 61440 bytes, not the 128 KiB (twice a pipe) the job sends
 */
#define _GNU_SOURCE /* F_GETPIPE_SZ */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define CHUNK 4096

static long message = 60 * 1024; /* "it hung with 128 KiB, so I send less" */

static void report_written(long bytes) {
    char value[64];
    snprintf(value, sizeof value, "%d:%ld", getpid(), bytes);
    report("written", value);
}

static void send_all(int fd) {
    static char chunk[CHUNK];
    long sent = 0;
    while (sent < message) {
        report_written(sent);
        ssize_t n = write(fd, chunk, sizeof chunk);
        if (n <= 0) return;
        sent += n;
    }
}

static long receive_all(int fd) {
    static char buf[CHUNK];
    long got = 0;
    ssize_t n;
    while (got < message && (n = read(fd, buf, sizeof buf)) > 0) got += n;
    return got;
}

int main(void) {
    int a_to_b[2], b_to_a[2];
    if (pipe(a_to_b) != 0 || pipe(b_to_a) != 0) return 1;
    long capacity = fcntl(a_to_b[1], F_GETPIPE_SZ);
    report_int("pipe_capacity", capacity);

    pid_t b = fork();
    if (b == 0) {
        close(a_to_b[1]);
        close(b_to_a[0]);
        send_all(b_to_a[1]);
        printf("B received %ld bytes\n", receive_all(a_to_b[0]));
        fflush(stdout);
        _exit(0);
    }

    close(a_to_b[0]);
    close(b_to_a[1]);
    send_all(a_to_b[1]);
    printf("A received %ld bytes\n", receive_all(b_to_a[0]));
    waitpid(b, NULL, 0);
    return 0;
}
