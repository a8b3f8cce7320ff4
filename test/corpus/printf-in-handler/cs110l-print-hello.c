/* corpus: the CS110L slide's print_hello storm (Multiprocessing part 2, after "Print on ctrl+c"): printf in the handler, a child sending SIGUSR1 in a tight loop, the main loop printing a 12 KB line; its handler line extended with the job's progress count and the endless loops bounded so it ends
 * expect: fixed or not-fixed or not-judged
 * why: no thread ever starts, so malloc takes no lock and glibc's stdio lock is recursive: it does not hang; it may corrupt the stream's buffer and abort, rarely, or end too fast to be watched
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t records; /* added: the lines the main loop printed, for the job's progress line */

void print_hello(int sig) {
    (void)sig;
    printf("Hello world! progress: %d records\n", records);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    const char* message = "Hello world ";
    const size_t repeat = 1000;

    char *repeated_msg = malloc(repeat * strlen(message) + 2);
    for (size_t i = 0; i < repeat; i++) {
        strcpy(repeated_msg + (i * strlen(message)), message);
    }
    repeated_msg[repeat * strlen(message)] = '\n';
    repeated_msg[repeat * strlen(message) + 1] = '\0';

    signal(SIGUSR1, print_hello);
    pid_t child = fork();
    if (child == 0) {
        pid_t parent_pid = getppid();
        while (true) {
            if (kill(parent_pid, SIGUSR1) != 0) break; /* added: stop once the parent is gone */
        }
        return 0;
    }

    /* The slide loops for ever; here: one second, or 500 lines (6 MB), whichever comes first. */
    double end = now() + 1.0;
    while (records < 500 && now() < end) {
        printf("%s", repeated_msg);
        records++;
    }

    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    free(repeated_msg);
    return 0;
}
