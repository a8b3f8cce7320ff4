/* corpus: the NET7212 slide "Fork - what could possibly go wrong? (cont.)" createChildAndSayHello() as it stands (return pid added at its end), with sayHello() and a main() that saves the results after it
 * expect: not-fixed
 * why: the child returns 0 from createChildAndSayHello() into main() and saves the results under its own pid; the parent saves them again after its waitpid(): twice, once by another pid, every run
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* Not on the slide: what sayHello and the parent's code do (say which pid runs them, take a moment). */
void sayHello() {
    printf("say_hello: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    usleep(200 * 1000);
}

int createChildAndSayHello() {
    pid_t pid = fork();
    if (pid == 0) {
        sayHello();
        return 0;
    }
    waitpid(pid, NULL, 0);
    return pid; /* added: the slide's function ends without a return */
}

void saveResults() {
    printf("save_results: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    usleep(200 * 1000);
}

int main() {
    createChildAndSayHello();
    saveResults(); /* meant for the parent only */
    return 0;
}
