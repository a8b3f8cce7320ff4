/* The lecture's own program, run by `pitfalls run running-count --slide` (contained, as the fixture is).
 * Source: CS110L "Multiprocessing (part 2)" (Eberhardt, Namavari; Stanford, 2020-04-30), slide
 * "Count number of running processes" ("Not safe (concurrent use of running_processes)").
 * As on the slide, but for the #include lines, which the slide leaves out.
 * Unlike the fixture, nothing widens the window between the check and pause(): the last SIGCHLD
 * must land in those few instructions for pause() to sleep for ever, so most runs end well. That
 * rarity is the slide's point. (Each child's exit(0) also flushes the copy of the parent's stdout
 * buffer it inherited, so through a pipe some "running processes" lines are printed more than once.) */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int running_processes = 0;

void handler(int sig) {
    while (waitpid(-1, NULL, WNOHANG) > 0) {
        running_processes -= 1;
    }
}

int main() {
    signal(SIGCHLD, handler);
    const int num_processes = 10;
    for (int i = 0; i < num_processes; i++) {
        if (fork() == 0) {
            sleep(1);
            exit(0);
        }
        running_processes += 1;
        printf("%d running processes\n", running_processes);
    }
    while(running_processes > 0) {
        pause();
    }
    printf("All processes exited! %d running processes\n", running_processes);
    return 0;
}
