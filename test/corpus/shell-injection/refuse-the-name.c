/* corpus: a name with shell characters refused outright (exit 1), popen() kept for the others
 * expect: not-judged
 * why: the notes are never saved and the program fails: the job is not done
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "notes.txt";
    if (strpbrk(name, ";|&$`<>'\" ")) {
        fprintf(stderr, "refusing the name %s\n", name);
        return 1;
    }
    char command[512];
    snprintf(command, sizeof command, "tee %s", name);
    FILE *to_tee = popen(command, "w");
    if (!to_tee) return 1;
    for (int i = 1; i <= 3; i++) fprintf(to_tee, "note %d: buy milk\n", i);
    printf("notes saved (status %d)\n", pclose(to_tee));
    return 0;
}
