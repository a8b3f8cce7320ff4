/* corpus: a program that does nothing at all and returns 0 at once (ends in about a millisecond)
 * expect: not-judged
 * why: nothing grows because nothing runs: no request served, no child started; the job is not done (and the run is too short to observe)
 */
int main(void) {
    return 0;
}
