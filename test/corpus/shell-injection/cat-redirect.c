/* corpus: popen("cat > NAME"): another program, the same shell parsing the name
 * expect: not-fixed
 * why: sh -c runs cat into "notes", then touch: a shell and programs the job never meant to run
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "notes.txt";
    char command[512];
    snprintf(command, sizeof command, "cat > %s", name);
    FILE *to_file = popen(command, "w");
    if (!to_file) return 1;
    for (int i = 1; i <= 3; i++) {
        fprintf(to_file, "note %d: buy milk\n", i);
        fflush(to_file);
        printf("note %d: buy milk\n", i);
        usleep(100 * 1000);
    }
    printf("notes saved (status %d)\n", pclose(to_file));
    return 0;
}
