/* corpus: the fixture with pthread_atfork(): prepare takes log_lock, the parent and child handlers release it, so fork() waits until the logger lets go
 * expect: fixed
 * why: fork() happens only while the forking thread itself holds log_lock, and the child's copy is unlocked by its child handler: the child logs its line, runs echo and exits 0; no process waits on a lock without an owner
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t logger_holds_lock; /* kept: the fork is still asked for while the logger holds the lock */

static void log_line(const char *line) {
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "[pid %d] %s\n", getpid(), line);
    pthread_mutex_unlock(&log_lock);
}

/* The fix: no fork() while another thread is inside the log. */
static void lock_log_before_fork(void) { pthread_mutex_lock(&log_lock); }
static void unlock_log_after_fork(void) { pthread_mutex_unlock(&log_lock); }

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
    pthread_atfork(lock_log_before_fork, unlock_log_after_fork, unlock_log_after_fork);
    pthread_t thread;
    pthread_barrier_init(&logger_holds_lock, NULL, 2);
    pthread_create(&thread, NULL, logger, NULL);
    pthread_barrier_wait(&logger_holds_lock);

    pid_t child = fork(); /* waits in the prepare handler until the logger releases log_lock */
    if (child == 0) {
        log_line("child: starting echo");
        execlp("echo", "echo", "hello from the child's program", (char *)NULL);
        _exit(127);
    }

    char line[64];
    snprintf(line, sizeof line, "parent: started child %d", child);
    log_line(line);

    int status = 0;
    pid_t done = 0;
    for (int tick = 0; tick < 200 && done == 0; tick++) {
        done = waitpid(child, &status, WNOHANG);
        if (done == 0) usleep(10 * 1000);
    }
    if (done == 0) {
        log_line("parent: the child is still stuck after 2 s; killing it");
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
    }
    log_line(WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "parent: the child ran echo" : "parent: the child never ran echo");
    pthread_join(thread, NULL);
    return 0;
}
