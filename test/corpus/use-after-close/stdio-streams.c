/* corpus: both files as stdio streams, each closed once, at the end; no snapshot asked for
 * expect: fixed
 * why: FILE pointers closed at the end, the files hold what they should; the judge needs no report to see it
 */
#include <stdio.h>

int main(void) {
    FILE *log = fopen("session.log", "we");
    FILE *results = fopen("results.csv", "we");
    if (!log || !results) return 1;
    fprintf(log, "log: session started\n");
    for (int i = 1; i <= 3; i++) fprintf(results, "%d,%d\n", i, i * i);
    fprintf(log, "log: 3 results written\n");
    fclose(results);
    fclose(log);
    printf("results.csv and session.log written\n");
    return 0;
}
