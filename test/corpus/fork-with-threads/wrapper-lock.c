/* corpus: the bug in disguise: the mutex renamed and taken through hold_pen()/drop_pen(), the child's log line written by note(), a function of another name
 * expect: not-fixed
 * why: note() still takes the mutex the writer thread held at the fork (the barrier kept): the child, single-threaded, waits in a private futex for ever for a thread it does not have, every run
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t pen = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t pen_taken; /* the fork happens while the writer holds the pen, as in the fixture */

static void hold_pen(void) { pthread_mutex_lock(&pen); }
static void drop_pen(void) { pthread_mutex_unlock(&pen); }

static void note(const char *text) {
    hold_pen();
    fprintf(stderr, "[pid %d] %s\n", getpid(), text);
    drop_pen();
}

static void *scribe(void *arg) {
    (void)arg;
    for (int page = 0; page < 10; page++) {
        hold_pen();
        if (page == 0) pthread_barrier_wait(&pen_taken);
        usleep(50 * 1000);
        fprintf(stderr, "[pid %d] scribe: page %d\n", getpid(), page + 1);
        drop_pen();
        usleep(50 * 1000);
    }
    return NULL;
}

static pid_t start_echo(void) {
    pid_t pid = fork();
    if (pid == 0) {
        note("child: starting echo");
        execlp("echo", "echo", "hello from the child's program", (char *)NULL);
        _exit(127);
    }
    return pid;
}

int main(void) {
    pthread_t thread;
    pthread_barrier_init(&pen_taken, NULL, 2);
    pthread_create(&thread, NULL, scribe, NULL);
    pthread_barrier_wait(&pen_taken);

    pid_t child = start_echo();
    char line[64];
    snprintf(line, sizeof line, "parent: started child %d", child);
    note(line);

    /* The parent must not hang itself: two seconds at most, then the child is killed. */
    int status = 0;
    pid_t done = 0;
    for (int tick = 0; tick < 200 && done == 0; tick++) {
        done = waitpid(child, &status, WNOHANG);
        if (done == 0) usleep(10 * 1000);
    }
    if (done == 0) {
        note("parent: the child is still stuck after 2 s; killing it");
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
    }
    note(WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "parent: the child ran echo" : "parent: the child never ran echo");
    pthread_join(thread, NULL);
    return 0;
}
