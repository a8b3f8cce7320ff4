// The worker of the fd-leak twin: a separate program that takes a moment, writes its result on
// stdout and exits. The moment lets the runner look at its descriptors while it is alive.
setTimeout(() => process.stdout.write('result: 42\n'), 400);
