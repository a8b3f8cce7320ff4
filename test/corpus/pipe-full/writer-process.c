/* corpus: the "writer thread" fix done with a process: B hands its sending to a writer process of its own and reads meanwhile
 * expect: fixed
 * why: B's side reads A's message while its writer sends, so A's writes always drain; A then reads what B's writer sent: nobody waits on a blocked writer
 */
#define _GNU_SOURCE /* F_GETPIPE_SZ */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define CHUNK 4096

static long message = 128 * 1024;

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
    if (capacity > 0) message = 2 * capacity;

    pid_t b = fork();
    if (b == 0) {
        close(a_to_b[1]);
        close(b_to_a[0]);
        /* B's writer: sends B's message while B itself reads (what a writer thread would do). */
        pid_t writer = fork();
        if (writer == 0) {
            close(a_to_b[0]);
            send_all(b_to_a[1]);
            _exit(0);
        }
        close(b_to_a[1]);
        long got = receive_all(a_to_b[0]);
        waitpid(writer, NULL, 0);
        printf("B received %ld bytes\n", got);
        fflush(stdout);
        _exit(0);
    }

    close(a_to_b[0]);
    close(b_to_a[1]);
    send_all(a_to_b[1]); /* B is reading all the while: this completes */
    printf("A received %ld bytes\n", receive_all(b_to_a[0]));
    waitpid(b, NULL, 0);
    return 0;
}
