/* corpus: the child logs its line with a single write(2) (the line built by hand, no mutex, no stdio), then execs echo; the parent and the logger keep the mutex
 * expect: fixed
 * why: between fork and exec the child calls only async-signal-safe functions and never touches the lock the logger held at the fork, so it runs echo and exits 0 every run
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t logger_holds_lock;

static void log_line(const char *line) {
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "[pid %d] %s\n", getpid(), line);
    pthread_mutex_unlock(&log_lock);
}

/* For the child: "[pid N] text\n" in one write(2), with the digits made by hand. */
static void log_line_unlocked(const char *text) {
    char buf[128];
    char digits[16];
    size_t nd = 0, len = 0;
    unsigned long pid = (unsigned long)getpid();
    do {
        digits[nd++] = (char)('0' + pid % 10);
        pid /= 10;
    } while (pid > 0);
    memcpy(buf, "[pid ", 5);
    len = 5;
    while (nd > 0) buf[len++] = digits[--nd];
    buf[len++] = ']';
    buf[len++] = ' ';
    size_t tl = strlen(text);
    if (tl > sizeof buf - len - 1) tl = sizeof buf - len - 1;
    memcpy(buf + len, text, tl);
    len += tl;
    buf[len++] = '\n';
    (void)!write(STDERR_FILENO, buf, len);
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

    pid_t child = fork(); /* still while the logger holds log_lock */
    if (child == 0) {
        log_line_unlocked("child: starting echo");
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
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
    }
    log_line(WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "parent: the child ran echo" : "parent: the child never ran echo");
    pthread_join(thread, NULL);
    return 0;
}
