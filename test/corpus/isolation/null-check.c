/* corpus: tabs still threads, but the renderer checks for a missing page and draws an error frame instead of calling strlen(NULL)
 * expect: fixed
 * why: no fault happens at all, so nothing kills the process: all four tabs render their 10 frames and the browser exits 0
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define TABS 4
#define FRAMES 10

static const char *volatile pages[TABS] = { "<h1>news</h1>", "<p>mail</p>", "<video>", "<div>maps</div>" };
static pthread_barrier_t all_open;

static void *tab(void *arg) {
    int id = (int)(long)arg;
    pthread_barrier_wait(&all_open);
    for (int frame = 0; frame < FRAMES; frame++) {
        if (id == 2 && frame == 3) pages[id] = NULL;
        const char *page = pages[id];
        if (page == NULL) { /* the fix: a page that failed to load is drawn as an error, not measured */
            printf("tab %d: frame %d (page failed to load)\n", id, frame);
        } else {
            printf("tab %d: frame %d (%zu bytes)\n", id, frame, strlen(page));
        }
        usleep(50 * 1000);
    }
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t tabs[TABS];
    pthread_barrier_init(&all_open, NULL, TABS + 1);
    for (int i = 0; i < TABS; i++) pthread_create(&tabs[i], NULL, tab, (void *)(long)i);
    pthread_barrier_wait(&all_open);
    printf("browser: %d tabs open\n", TABS);
    for (int i = 0; i < TABS; i++) pthread_join(tabs[i], NULL);
    printf("browser: all tabs done\n");
    return 0;
}
