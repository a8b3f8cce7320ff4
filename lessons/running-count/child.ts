// A child of the running-count twin: it says it is up, then waits for its stdin to close (the
// barrier, like the C children's pipe) and exits.
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
