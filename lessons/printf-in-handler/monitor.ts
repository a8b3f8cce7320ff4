// The monitor of the safe twin, a separate program: it asks its parent for progress with SIGUSR1,
// a thousand times a second, until the parent stops it.
const worker = process.ppid;
let sent = 0;
setInterval(() => {
  process.kill(worker, 'SIGUSR1');
  sent++;
}, 1);
process.on('SIGTERM', () => {
  process.stdout.write(`monitor: sent ${sent} SIGUSR1\n`);
  process.exit(0);
});
