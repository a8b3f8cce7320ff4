// A worker of the zombies twin: a separate program, started by spawn; it does its job and exits.
const job = Number(process.argv[2] ?? 0);
// Named like the job it does, so /proc (and the process tree drawn from it) shows which worker is which.
process.title = `worker ${job}`;
process.stdout.write(`worker ${job} (pid ${process.pid}): job done\n`);
