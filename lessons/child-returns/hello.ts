// The child of the child-returns twin: a separate program. It says hello, named like its job in /proc
// (as the C program's prctl(PR_SET_NAME)) for 300 ms so the sampler sees it, and ends: there is no caller to return to.
process.title = 'say_hello';
console.log(`say_hello: pid ${process.pid}, parent ${process.ppid}`);
setTimeout(() => {}, 300);
