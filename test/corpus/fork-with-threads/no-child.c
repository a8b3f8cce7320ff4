/* corpus: a dodge: the fork and the echo are gone; the parent logs the line itself while the logger runs
 * expect: not-judged
 * why: no process can hang on a copied lock because none is started: 0 children where the job needs 1
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void log_line(const char *line) {
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "[pid %d] %s\n", getpid(), line);
    pthread_mutex_unlock(&log_lock);
}

static void *logger(void *arg) {
    (void)arg;
    for (int flush = 0; flush < 10; flush++) {
        pthread_mutex_lock(&log_lock);
        usleep(50 * 1000);
        fprintf(stderr, "[pid %d] logger: flush %d\n", getpid(), flush + 1);
        pthread_mutex_unlock(&log_lock);
        usleep(50 * 1000);
    }
    return NULL;
}

int main(void) {
    pthread_t thread;
    pthread_create(&thread, NULL, logger, NULL);
    log_line("parent: no child this time; hello from the parent");
    pthread_join(thread, NULL);
    return 0;
}
