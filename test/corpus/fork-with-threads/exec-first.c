/* corpus: exec first: the child runs echo at once, and the line about it is logged by the parent instead
 * expect: fixed
 * why: the child makes no call at all between fork and exec, so the lock it copied taken does not matter: echo runs, the child exits 0; the parent logs once the logger lets go
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t holding; /* the fork still happens while the writer thread holds the lock */

static void journal(const char *what, long n) {
    pthread_mutex_lock(&journal_lock);
    fprintf(stderr, "[pid %d] %s %ld\n", getpid(), what, n);
    pthread_mutex_unlock(&journal_lock);
}

static void *writer(void *unused) {
    (void)unused;
    for (int i = 1; i <= 10; i++) {
        pthread_mutex_lock(&journal_lock);
        if (i == 1) pthread_barrier_wait(&holding);
        usleep(50 * 1000);
        fprintf(stderr, "[pid %d] writer: flush %d\n", getpid(), i);
        pthread_mutex_unlock(&journal_lock);
        usleep(50 * 1000);
    }
    return NULL;
}

int main(void) {
    pthread_t tid;
    pthread_barrier_init(&holding, NULL, 2);
    pthread_create(&tid, NULL, writer, NULL);
    pthread_barrier_wait(&holding);

    pid_t child = fork();
    if (child == 0) {
        execlp("echo", "echo", "hello from the child's program", (char *)NULL);
        _exit(127);
    }
    journal("parent: started child (echo), pid", (long)child);

    int status = 0;
    if (child > 0) waitpid(child, &status, 0);
    journal("parent: the child's exit status", WIFEXITED(status) ? WEXITSTATUS(status) : -1L);
    pthread_join(tid, NULL);
    return 0;
}
