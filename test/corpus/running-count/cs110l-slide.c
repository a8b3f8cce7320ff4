/* corpus: the CS110L slide "Count number of running processes" (Multiprocessing part 2) as it stands: signal(), check then pause(); 5 children, sleep(1) shortened to usleep(150000)
 * expect: fixed or not-fixed
 * why: racy, as the slide says: usually each SIGCHLD finds the program in pause(), and it ends; if the last one lands between the check and pause(), pause() sleeps for ever with no child left
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int running_processes = 0;

void handler(int sig) {
    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
        running_processes -= 1;
    }
}

int main(void) {
    signal(SIGCHLD, handler);
    const int num_processes = 5;
    for (int i = 0; i < num_processes; i++) {
        if (fork() == 0) {
            usleep(150000);
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
