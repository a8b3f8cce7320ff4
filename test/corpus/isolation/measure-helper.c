/* corpus: the kept bug in disguise: the strlen() moved into a helper measure(page), tabs still threads of one process, the barrier kept
 * expect: not-fixed
 * why: measure(NULL) still reads address 0 in tab 2 at frame 3, and the SIGSEGV's default action kills the whole process, every tab with it, every run
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define TABS 4
#define FRAMES 10

struct tab_state {
    int id;
    const char *volatile page;
};

static struct tab_state tab_states[TABS] = {
    { 0, "<h1>news</h1>" }, { 1, "<p>mail</p>" }, { 2, "<video>" }, { 3, "<div>maps</div>" },
};
static pthread_barrier_t everyone_ready;

/* The layout engine's size of a page. */
static size_t measure(const char *page) {
    return strlen(page);
}

static void *run_tab(void *arg) {
    struct tab_state *state = arg;
    pthread_barrier_wait(&everyone_ready);
    for (int frame = 0; frame < FRAMES; frame++) {
        if (state->id == 2 && frame == 3) state->page = NULL; /* the page failed to load */
        printf("tab %d: frame %d (%zu bytes)\n", state->id, frame, measure(state->page));
        usleep(50 * 1000);
    }
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t threads[TABS];
    pthread_barrier_init(&everyone_ready, NULL, TABS + 1);
    for (int i = 0; i < TABS; i++) pthread_create(&threads[i], NULL, run_tab, &tab_states[i]);
    pthread_barrier_wait(&everyone_ready);
    printf("browser: %d tabs open\n", TABS);
    for (int i = 0; i < TABS; i++) pthread_join(threads[i], NULL);
    printf("browser: all tabs done\n");
    return 0;
}
