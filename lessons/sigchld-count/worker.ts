// A child of the sigchld-count twin: it lives a moment (long enough to be seen in /proc), then exits.
setTimeout(() => process.exit(0), 200);
