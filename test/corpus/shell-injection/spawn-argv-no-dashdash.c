/* corpus: posix_spawnp with an argv array, without "--" (fine for this name)
 * expect: fixed
 * why: no shell: tee gets the name as one argument; "--" would also keep a name starting with "-" a name
 */
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    char *name = argc > 1 ? argv[1] : "notes.txt";
    int fds[2];
    if (pipe(fds) != 0) return 1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    char *tee_argv[] = { "tee", name, NULL };
    pid_t tee;
    if (posix_spawnp(&tee, "tee", &actions, NULL, tee_argv, environ) != 0) return 1;
    close(fds[0]);
    FILE *to_tee = fdopen(fds[1], "w");
    for (int i = 1; i <= 3; i++) {
        fprintf(to_tee, "note %d: buy milk\n", i);
        fflush(to_tee);
        usleep(100 * 1000);
    }
    fclose(to_tee);
    int status;
    waitpid(tee, &status, 0);
    printf("notes saved (status %d)\n", status);
    return 0;
}
