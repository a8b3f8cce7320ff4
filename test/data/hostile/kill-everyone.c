/* kill(-1, SIGKILL): the classic bug after a failed fork, when -1 is taken for a child's pid. Run only
 * by the runner, and only inside a PID namespace a test made: if the containment failed, only that
 * namespace would die. Exits 0 when the kernel refused, 3 when the signal went out. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    int sent = kill(-1, SIGKILL) == 0;
    printf("kill(-1, SIGKILL): %s\n", sent ? "sent" : strerror(errno));
    return sent ? 3 : 0;
}
