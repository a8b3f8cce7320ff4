/* corpus: a dodge: only one tab is opened (tab 0), so the bad page of tab 2 never loads
 * expect: not-judged
 * why: nothing crashes, but one tab renders its frames where the job runs four and needs three of them to reach frame 9
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define TABS 1 /* "the browser crashed with four tabs, so I open one" */
#define FRAMES 10

static const char *volatile pages[4] = { "<h1>news</h1>", "<p>mail</p>", "<video>", "<div>maps</div>" };
static pthread_barrier_t all_open;

static void *tab(void *arg) {
    int id = (int)(long)arg;
    pthread_barrier_wait(&all_open);
    for (int frame = 0; frame < FRAMES; frame++) {
        if (id == 2 && frame == 3) pages[id] = NULL;
        size_t length = strlen(pages[id]);
        printf("tab %d: frame %d (%zu bytes)\n", id, frame, length);
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
