/* corpus: the fix with poll(): both ends non-blocking, each side writes when its pipe has room and reads when data is there
 * expect: fixed
 * why: neither side ever sleeps in write(): poll() waits for room to write or data to read, whichever comes, so both pipes keep draining
 */
#define _GNU_SOURCE /* F_GETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define CHUNK 4096

static long message = 128 * 1024; /* twice the pipe's capacity, set in main */

static void report_written(long bytes) {
    char value[64];
    snprintf(value, sizeof value, "%d:%ld", getpid(), bytes);
    report("written", value);
}

static void make_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* Sends `message` bytes on `out` while receiving up to `message` bytes from `in`; returns the bytes received. */
static long exchange(int out, int in) {
    static char outgoing[CHUNK], incoming[CHUNK];
    long sent = 0, received = 0;
    int in_open = 1;
    make_nonblocking(out);
    make_nonblocking(in);
    while (sent < message || (in_open && received < message)) {
        struct pollfd watch[2];
        int count = 0, w = -1, r = -1;
        if (sent < message) { watch[count] = (struct pollfd){ .fd = out, .events = POLLOUT }; w = count++; }
        if (in_open && received < message) { watch[count] = (struct pollfd){ .fd = in, .events = POLLIN }; r = count++; }
        if (poll(watch, (nfds_t)count, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (w >= 0 && (watch[w].revents & (POLLOUT | POLLERR))) {
            long left = message - sent;
            report_written(sent);
            ssize_t n = write(out, outgoing, left < CHUNK ? (size_t)left : CHUNK);
            if (n > 0) sent += n;
            else if (n < 0 && errno != EAGAIN) break;
        }
        if (r >= 0 && (watch[r].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = read(in, incoming, sizeof incoming);
            if (n > 0) received += n;
            else if (n == 0) in_open = 0;
            else if (errno != EAGAIN) in_open = 0;
        }
    }
    return received;
}

int main(void) {
    int a_to_b[2], b_to_a[2];
    if (pipe(a_to_b) != 0 || pipe(b_to_a) != 0) return 1;
    long capacity = fcntl(a_to_b[1], F_GETPIPE_SZ);
    report_int("pipe_capacity", capacity);
    if (capacity > 0) message = 2 * capacity;

    pid_t b = fork();
    if (b < 0) return 1;
    if (b == 0) {
        close(a_to_b[1]);
        close(b_to_a[0]);
        long got = exchange(b_to_a[1], a_to_b[0]);
        printf("B received %ld bytes\n", got);
        fflush(stdout); /* _exit() does not flush stdio */
        _exit(0);
    }

    close(a_to_b[0]);
    close(b_to_a[1]);
    long got = exchange(a_to_b[1], b_to_a[0]);
    printf("A received %ld bytes\n", got);
    waitpid(b, NULL, 0);
    return 0;
}
