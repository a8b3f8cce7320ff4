// The producer of the pipe-eof twin: a separate program that writes a few lines and exits.
// The lines are spaced out a little so the runner can look at the pipes while it is alive.
const LINES = 3;
let line = 1;
const timer = setInterval(() => {
  process.stdout.write(`line ${line} from the child\n`);
  if (++line > LINES) clearInterval(timer);
}, 100);
