/* corpus: a slow producer (3 lines, 0.5 s apart) with every unused end closed on both sides
 * expect: fixed
 * why: the reader waits about 1 s, but the only write end is the producer's, which is sleeping, not stuck; EOF comes when it exits
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { READ_END = 0, WRITE_END = 1 };

static void nap(long ms) {
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&t, &t) != 0) {}
}

static void produce(int out) {
    for (int line = 1; line <= 3; line++) {
        if (line > 1) nap(500); /* the producer's work between two lines */
        char text[64];
        int len = snprintf(text, sizeof text, "measurement %d ready\n", line);
        if (write(out, text, (size_t)len) != len) break;
    }
}

int main(void) {
    int channel[2];
    if (pipe(channel) != 0) return 1;

    pid_t producer = fork();
    if (producer < 0) return 1;
    if (producer == 0) {
        close(channel[READ_END]);
        produce(channel[WRITE_END]);
        close(channel[WRITE_END]);
        _exit(0);
    }
    close(channel[WRITE_END]);

    char chunk[64];
    long received = 0;
    for (;;) {
        ssize_t got = read(channel[READ_END], chunk, sizeof chunk);
        if (got <= 0) break;
        received += got;
    }
    printf("read %ld bytes, then EOF\n", received);

    int status;
    waitpid(producer, &status, 0);
    return 0;
}
