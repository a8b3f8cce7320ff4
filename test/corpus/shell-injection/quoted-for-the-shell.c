/* corpus: the name single-quoted for the shell (each ' written as '\''), still through popen()
 * expect: not-fixed
 * why: the quoting holds for this name, but a shell still parses data: sh is a program the job never meant to run
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "notes.txt";
    char command[1024] = "tee -- '";
    size_t at = strlen(command);
    for (const char *c = name; *c && at < sizeof command - 8; c++) {
        if (*c == '\'') {
            memcpy(command + at, "'\\''", 4);
            at += 4;
        } else {
            command[at++] = *c;
        }
    }
    command[at++] = '\'';
    command[at] = '\0';
    FILE *to_tee = popen(command, "w");
    if (!to_tee) return 1;
    for (int i = 1; i <= 3; i++) {
        fprintf(to_tee, "note %d: buy milk\n", i);
        fflush(to_tee);
        usleep(100 * 1000);
    }
    printf("notes saved (status %d)\n", pclose(to_tee));
    return 0;
}
