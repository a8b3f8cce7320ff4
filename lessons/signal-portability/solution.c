/* signal-portability, fixed: the same program with the handler installed by sigaction() and
 * explicit flags, so it means the same thing under -std=gnu11 and -std=c11 alike (and on any
 * POSIX system): the handler stays installed, and read() is restarted after it (SA_RESTART). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cue[2]; /* the handler writes a byte here each time it runs: the child's cue to go on */

static void on_usr2(int sig) {
    (void)sig;
    int saved = errno;
    write(1, "caught SIGUSR2\n", 15); /* write() is async-signal-safe; printf is not */
    write(cue[1], "!", 1);
    errno = saved;
}

/* Added so the signal finds the parent blocked in read(), every run: the child waits until /proc
 * shows it asleep (state S); it has nothing else to sleep on. */
static void wait_until_asleep(pid_t pid) {
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (;;) {
        int fd = open(path, O_RDONLY);
        ssize_t n = fd < 0 ? -1 : read(fd, stat, sizeof stat - 1);
        if (fd >= 0) close(fd);
        if (n <= 0) return;
        stat[n] = '\0';
        char *end = strrchr(stat, ')');
        if (end && end[2] == 'S') return;
        struct timespec pause = { 0, 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0); /* a program killed by a signal loses what stdio still holds */
    int data[2];
    pipe(data);
    pipe(cue);

    /* The fix: say what you mean. No SA_RESETHAND: the handler stays installed. SA_RESTART: a
     * read() interrupted by the handler is restarted. No SA_NODEFER: SIGUSR2 is blocked while its
     * handler runs (sa_mask adds no other signal). */
    struct sigaction sa;
    sa.sa_handler = on_usr2;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &sa, NULL);

    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        close(data[0]);
        close(cue[1]);
        char c;
        for (int i = 0; i < 2; i++) {
            wait_until_asleep(parent);
            kill(parent, SIGUSR2);
            /* Wait for the handler's cue, so the second signal is sent after the first was handled
             * (two pending SIGUSR2 would merge into one). No cue: the parent is dead. */
            if (read(cue[0], &c, 1) != 1) _exit(0);
        }
        write(data[1], "done", 4);
        _exit(0);
    }
    close(data[1]);
    close(cue[0]);

    char buf[16];
    ssize_t n;
    while ((n = read(data[0], buf, sizeof buf)) < 0 && errno == EINTR) {
        printf("read() failed with EINTR: not restarted\n");
    }
    printf("read() returned %d bytes after two SIGUSR2: the handler stayed installed\n", (int)n);
    waitpid(child, NULL, 0);
    return 0;
}
