/* corpus: a dodge: the child no longer logs nor runs echo ("that is where it hung"): it calls _exit(0) at once
 * expect: not-judged
 * why: nothing hangs and the one child exits 0, but echo never runs (no exec is heard), so the job is not done: a teacher says not judged
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t logger_holds_lock;

static void log_line(const char *line) {
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "[pid %d] %s\n", getpid(), line);
    pthread_mutex_unlock(&log_lock);
}

static void *logger(void *arg) {
    (void)arg;
    for (int flush = 0; flush < 10; flush++) {
        pthread_mutex_lock(&log_lock);
        if (flush == 0) pthread_barrier_wait(&logger_holds_lock);
        usleep(50 * 1000);
        fprintf(stderr, "[pid %d] logger: flush %d\n", getpid(), flush + 1);
        pthread_mutex_unlock(&log_lock);
        usleep(50 * 1000);
    }
    return NULL;
}

int main(void) {
    pthread_t thread;
    pthread_barrier_init(&logger_holds_lock, NULL, 2);
    pthread_create(&thread, NULL, logger, NULL);
    pthread_barrier_wait(&logger_holds_lock);

    pid_t child = fork();
    if (child == 0) {
        _exit(0); /* (the log line and the echo were removed) */
    }

    char line[64];
    snprintf(line, sizeof line, "parent: started child %d", child);
    log_line(line);

    int status = 0;
    waitpid(child, &status, 0);
    log_line(WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "parent: the child ran echo" : "parent: the child never ran echo");
    pthread_join(thread, NULL);
    return 0;
}
