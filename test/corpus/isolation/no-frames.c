/* corpus: a dodge: the four tabs open and close again without rendering a single frame
 * expect: not-judged
 * why: no renderer runs, so nothing can crash; but no tab prints a frame, let alone frame 9
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
    /* (the frame loop was taken out: "rendering is where it crashes") */
    (void)id;
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
    printf("browser: all tabs done (%zu bytes of pages)\n", strlen(pages[0]) + strlen(pages[1]));
    return 0;
}
