/* corpus: Chrome's shape: renderer processes send their frames to the browser process over a pipe, and the browser prints them; a crashed renderer is a sad tab
 * expect: fixed
 * why: the SIGSEGV ends tab 2's renderer only; the browser reads the others' frames to EOF, prints frame 9 for tabs 0, 1 and 3, reaps all four and exits 0
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAB_COUNT 4
#define FRAME_COUNT 10

static const char *volatile documents[TAB_COUNT] = { "<h1>news</h1>", "<p>mail</p>", "<video>", "<div>maps</div>" };

/* The renderer process: draws frames and sends one message per frame to the browser. */
static void renderer_main(int tab_id, int to_browser) {
    for (int frame = 0; frame < FRAME_COUNT; frame++) {
        if (tab_id == 2 && frame == 3) documents[tab_id] = NULL;
        size_t size = strlen(documents[tab_id]); /* the renderer bug, contained in this process */
        dprintf(to_browser, "%d %d %zu\n", tab_id, frame, size); /* one short line: one atomic write */
        usleep(50 * 1000);
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    int channel[2];
    if (pipe(channel) != 0) return 1;

    pid_t renderers[TAB_COUNT];
    for (int t = 0; t < TAB_COUNT; t++) {
        renderers[t] = fork();
        if (renderers[t] < 0) return 1;
        if (renderers[t] == 0) {
            close(channel[0]);
            renderer_main(t, channel[1]);
            _exit(0);
        }
    }
    close(channel[1]); /* the browser only reads */
    printf("browser: %d tabs open\n", TAB_COUNT);

    FILE *messages = fdopen(channel[0], "r");
    if (!messages) return 1;
    int tab_id, frame;
    size_t size;
    while (fscanf(messages, "%d %d %zu", &tab_id, &frame, &size) == 3)
        printf("tab %d: frame %d (%zu bytes)\n", tab_id, frame, size);
    fclose(messages);

    for (int t = 0; t < TAB_COUNT; t++) {
        int status;
        if (waitpid(renderers[t], &status, 0) == renderers[t] && WIFSIGNALED(status))
            printf("browser: tab %d is a sad tab (renderer killed by %s)\n", t, strsignal(WTERMSIG(status)));
    }
    printf("browser: all tabs done\n");
    return 0;
}
