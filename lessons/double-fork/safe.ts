// double-fork, the safe way: two spawns, two children. spawn() runs in this process only and starts
// a separate program: a child never reaches the parent's next line, so nothing is started twice.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const worker = fileURLToPath(new URL('./worker.js', import.meta.url));

async function start(job: string): Promise<void> {
  const child = spawn(process.execPath, [worker, job], { stdio: ['ignore', 'inherit', 'inherit'] });
  // 'exit' is the child reaped: the equivalent of the waitpid() calls at the end of the C program. once()
  // rejects on 'error', so a spawn that fails ends the program with that error instead of waiting for ever.
  await once(child, 'exit');
}

await Promise.all([start('do_stuff1'), start('do_stuff2')]);
console.log(`parent (pid ${process.pid}): both jobs done`);
