// A job of the double-fork twin, a separate program: it names itself after its job (comm in /proc,
// as the C program's prctl(PR_SET_NAME) does) and works for 300 ms, so the sampler sees who ran what.
const job = process.argv[2] ?? 'job';
process.title = job;
console.log(`${job}: pid ${process.pid}, parent ${process.ppid}`);
setTimeout(() => {}, 300);
