/* corpus: the log dropped altogether: only the results are written
 * expect: not-judged
 * why: no session.log: the job is not done, whatever the results hold
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    int results_fd = open("results.csv", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    char row[32];
    for (int i = 1; i <= 3; i++) {
        int n = snprintf(row, sizeof row, "%d,%d\n", i, i * i);
        (void)!write(results_fd, row, (size_t)n);
    }
    close(results_fd);
    printf("results.csv written\n");
    return 0;
}
