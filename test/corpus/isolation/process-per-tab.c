/* corpus: the lesson's point: one process per tab (fork), the renderer bug left in; the browser waits for each and shows a sad tab for the one killed by SIGSEGV
 * expect: fixed
 * why: tab 2's strlen(NULL) kills only its own process; tabs 0, 1 and 3 render all 10 frames, and the browser learns of the crash from waitpid() and exits 0
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TABS 4
#define FRAMES 10

static const char *volatile pages[TABS] = { "<h1>news</h1>", "<p>mail</p>", "<video>", "<div>maps</div>" };

/* A renderer, in a process of its own: the same bug as before, but now it can only take itself down. */
static void render(int id) {
    for (int frame = 0; frame < FRAMES; frame++) {
        if (id == 2 && frame == 3) pages[id] = NULL;
        size_t length = strlen(pages[id]);
        printf("tab %d: frame %d (%zu bytes)\n", id, frame, length);
        usleep(50 * 1000);
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines, written at once: nothing left in a buffer at fork */
    pid_t renderer[TABS];
    for (int i = 0; i < TABS; i++) {
        renderer[i] = fork();
        if (renderer[i] < 0) {
            perror("fork");
            return 1;
        }
        if (renderer[i] == 0) {
            render(i);
            fflush(stdout);
            _exit(0);
        }
    }
    printf("browser: %d tabs open\n", TABS);

    for (int i = 0; i < TABS; i++) {
        int status;
        if (waitpid(renderer[i], &status, 0) != renderer[i]) continue;
        if (WIFSIGNALED(status))
            printf("browser: tab %d crashed (%s): showing a sad tab, the other tabs carry on\n", i, strsignal(WTERMSIG(status)));
    }
    printf("browser: all tabs done\n");
    return 0;
}
