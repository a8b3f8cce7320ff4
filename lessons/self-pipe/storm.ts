// The storm for the self-pipe twin: a separate program that sends its parent SIGUSR2 as fast as it
// can, then says how many it sent and exits.
const STORM = Number(process.argv[2] ?? 20000);
for (let i = 0; i < STORM; i++) process.kill(process.ppid, 'SIGUSR2');
process.stderr.write(`@pitfalls sent=${STORM}\n`);
