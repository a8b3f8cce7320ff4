// use-after-close, the safe way: a FileHandle is an object that owns its descriptor, not a number.
// Once closed it holds none (its fd is -1), so a late write through it is refused, loudly (EBADF),
// and can never reach the file that was given the same number next. The job still wants its last
// log line: the twin opens the log again, to append it.
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Asks the runner to record every descriptor now (/proc/PID/fd), and gives it time to look. */
async function snapshot(label: string): Promise<void> {
  process.stderr.write(`@pitfalls snapshot=${label}\n`);
  await sleep(50);
}

const log = await open('session.log', 'w');
await log.write('log: session started\n');
await snapshot('log-open');
await log.close();

const results = await open('results.csv', 'w');
await snapshot('results-open');
for (let i = 1; i <= 3; i++) await results.write(`${i},${i * i}\n`);

try {
  await log.write('log: 3 results written\n');
} catch (error) {
  // Nothing was written anywhere: the handle knows it is closed, whatever number results.csv got.
  console.log(`a write through the closed log handle was refused: ${(error as NodeJS.ErrnoException).code} (${(error as Error).message})`);
}
const reopened = await open('session.log', 'a');
await reopened.write('log: 3 results written\n');
await reopened.close();
await results.close();
console.log('results.csv and session.log written');
