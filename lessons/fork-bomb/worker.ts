// A worker of the safe twin: a separate program, started by spawn; it does one job and exits.
const job = Number(process.argv[2] ?? 0);
const started = Date.now();
let sum = 0;
// A little real work, so the pool is seen alive in /proc.
while (Date.now() - started < 150) sum += job;
process.stdout.write(`worker ${job} done (pid ${process.pid})\n`);
