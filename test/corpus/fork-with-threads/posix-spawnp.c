/* corpus: posix_spawnp("echo") while the logger thread holds the lock: fork and exec in one call, no code of the program in the child
 * expect: fixed
 * why: the child glibc makes for posix_spawnp runs no program code and takes no lock of the program before it becomes echo: it exits 0, and the parent logs and waits for it
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

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

    char prog[] = "echo";
    char text[] = "hello from the child's program";
    char *args[] = {prog, text, NULL};
    pid_t child = -1;
    int rc = posix_spawnp(&child, prog, NULL, NULL, args, environ);

    char line[96];
    if (rc != 0) {
        snprintf(line, sizeof line, "parent: could not start echo: %s", strerror(rc));
        log_line(line);
    } else {
        snprintf(line, sizeof line, "parent: started child %d (echo)", child);
        log_line(line);
        int status = 0;
        waitpid(child, &status, 0);
        log_line(WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "parent: the child ran echo" : "parent: echo failed");
    }
    pthread_join(thread, NULL);
    return 0;
}
