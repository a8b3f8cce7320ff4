// child-returns, the safe way: the child is a separate program started by spawn. It runs hello.js
// from its first line to its end and exits; it has no copy of this program's stack to return into,
// so the code after the 'exit' event runs in this process only.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const hello = fileURLToPath(new URL('./hello.js', import.meta.url));

/** A job names the process that runs it (comm in /proc, like prctl(PR_SET_NAME) in C) and lasts 300 ms. */
function runJob(name: string): Promise<void> {
  process.title = name;
  console.log(`${name}: pid ${process.pid}, parent ${process.ppid}`);
  return new Promise((resolve) => setTimeout(resolve, 300));
}

async function createChildAndSayHello(): Promise<number | null> {
  const child = spawn(process.execPath, [hello], { stdio: ['ignore', 'inherit', 'inherit'] });
  // 'exit' is the child reaped, as the C program's waitpid(); once() rejects on 'error' (the spawn failed).
  const [code] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return code;
}

await createChildAndSayHello();
// Meant for the parent only: save the results, once.
await runJob('save_results');
