/* corpus: the kept bug in disguise: the send loop renamed and split in two functions (one chunk, then the message), still all sent before any read
 * expect: not-fixed
 * why: A and B each still write twice a pipe's capacity before reading: both pipes fill and both sides block in write(), each the other's only reader, every run
 */
#define _GNU_SOURCE /* F_GETPIPE_SZ */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define BLOCK 4096

static long payload = 128 * 1024;

static void report_written(long bytes) {
    char value[64];
    snprintf(value, sizeof value, "%d:%ld", getpid(), bytes);
    report("written", value);
}

/* One block onto the wire; returns how much went. */
static ssize_t ship_block(int fd, long offset) {
    static char block[BLOCK];
    report_written(offset);
    return write(fd, block, sizeof block);
}

/* The whole payload, block by block. */
static void ship_payload(int fd) {
    long offset = 0;
    while (offset < payload) {
        ssize_t n = ship_block(fd, offset);
        if (n <= 0) return;
        offset += n;
    }
}

static long collect(int fd) {
    static char buf[BLOCK];
    long got = 0;
    ssize_t n;
    while (got < payload && (n = read(fd, buf, sizeof buf)) > 0) got += n;
    return got;
}

static void peer(const char *name, int out, int in) {
    ship_payload(out);
    printf("%s received %ld bytes\n", name, collect(in));
    fflush(stdout);
}

int main(void) {
    int to_b[2], to_a[2];
    if (pipe(to_b) != 0 || pipe(to_a) != 0) return 1;
    long capacity = fcntl(to_b[1], F_GETPIPE_SZ);
    report_int("pipe_capacity", capacity);
    if (capacity > 0) payload = 2 * capacity;

    pid_t b = fork();
    if (b == 0) {
        close(to_b[1]);
        close(to_a[0]);
        peer("B", to_a[1], to_b[0]);
        _exit(0);
    }
    close(to_b[0]);
    close(to_a[1]);
    peer("A", to_b[1], to_a[0]);
    waitpid(b, NULL, 0);
    return 0;
}
