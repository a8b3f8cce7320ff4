/* corpus: no program at all: the notes written with fopen() and printed by the program itself
 * expect: not-judged
 * why: nothing was injected, but the job starts tee: no process of the run exec'd a program
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "notes.txt";
    FILE *notes = fopen(name, "w");
    if (!notes) return 1;
    for (int i = 1; i <= 3; i++) {
        fprintf(notes, "note %d: buy milk\n", i);
        printf("note %d: buy milk\n", i);
        usleep(100 * 1000);
    }
    fclose(notes);
    printf("notes saved\n");
    return 0;
}
