/* The lecture's own program, run by `pitfalls run printf-in-handler --slide` (contained, as the fixture is).
 * Source: CS110L "Multiprocessing (part 2)" (Eberhardt, Namavari; Stanford, 2020-04-30), the print_hello
 * program after "Print on ctrl+c" ("Not safe!!"), whose runs on the slide end in "abort" and "illegal
 * hardware instruction".
 * As on the slide, but for:
 *   - the #include lines, which the slide leaves out, and <stdbool.h> for `true`;
 *   - both endless loops bounded, so the program ends by itself: the parent prints for 2 seconds
 *     (the slide: for ever), and the child sends signals until its parent is gone (kill() fails).
 * The slide's handler only printf()s, in a process that never had a second thread: on glibc that
 * takes no lock that can deadlock (the stream lock is recursive, and malloc skips its locks), so
 * this program does not hang; what it can do, rarely, is corrupt the heap and abort (measured: once in
 * 27 three-second runs). The fixture adds a malloc in the handler and a thread, so it hangs every run. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void print_hello(int sig) {
    printf("Hello world!\n");
}

int main() {
    const char* message = "Hello world ";
    const size_t repeat = 1000;

    char *repeated_msg = malloc(repeat * strlen(message) + 2);
    for (int i = 0; i < repeat; i++) {
        strcpy(repeated_msg + (i * strlen(message)), message);
    }
    repeated_msg[repeat * strlen(message)] = '\n';
    repeated_msg[repeat * strlen(message) + 1] = '\0';

    signal(SIGUSR1, print_hello);
    if (fork() == 0) {
        pid_t parent_pid = getppid();
        while (kill(parent_pid, SIGUSR1) == 0) {} /* the slide: while (true) { kill(...); } */
        return 0;
    }

    time_t end = time(NULL) + 2; /* added: 2 seconds, not for ever */
    while (time(NULL) < end) {
        printf(repeated_msg);
    }

    free(repeated_msg);
    return 0;
}
