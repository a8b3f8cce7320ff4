// npm run bench: speed as ratios against baselines measured in the same run (this machine is shared
// and noisy, so no absolute figure is asserted anywhere). Every lesson runs through the CLI, contained.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'pitfalls.js');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(command, args, env = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

function verdictLine(ok, text) {
  return `${ok ? 'ok  ' : 'MISS'} ${text}`;
}

// 1. Start-up: `pitfalls --version` against `node -e 0`, interleaved so both see the same load.
const nodeTimes = [];
const cliTimes = [];
for (let i = 0; i < REPEATS; i++) {
  nodeTimes.push(time(process.execPath, ['-e', '0']).ms);
  cliTimes.push(time(process.execPath, [bin, '--version']).ms);
}
const startRatio = median(cliTimes) / median(nodeTimes);
console.log('start-up (median of %d)', REPEATS);
console.log(`  node -e 0              ${median(nodeTimes).toFixed(1)} ms`);
console.log(`  pitfalls --version     ${median(cliTimes).toFixed(1)} ms   ratio ${startRatio.toFixed(2)}x`);
console.log(`  ${verdictLine(startRatio <= 1.5, 'target: at most 1.5x node -e 0')}`);

// 2. Cold versus warm: every fixture and the supervisor compiled into an empty cache, then again.
const { compile } = await import('../dist/src/runner/compile.js');
const { loadCatalog } = await import('../dist/src/catalog.js');
const compileCache = mkdtempSync(join(tmpdir(), 'pitfalls-bench-compile-'));
const env = { ...process.env, XDG_CACHE_HOME: compileCache };
const jobs = [[join(root, 'native', 'supervisor.c'), ['-O2'], []]];
for (const lesson of await loadCatalog()) {
  for (const build of lesson.broken.builds ?? [{ flags: [] }]) jobs.push([lesson.fixturePath, build.flags, lesson.broken.link ?? []]);
}
const compileAll = () => {
  const started = process.hrtime.bigint();
  const cached = jobs.filter(([source, flags, link]) => compile(source, flags, link, env).cached).length;
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, cached };
};
const coldCompile = compileAll();
const warmCompile = compileAll();
rmSync(compileCache, { recursive: true, force: true });
console.log(`\ncompile cache (${jobs.length} builds: every fixture build and the supervisor)`);
console.log(`  cold   ${coldCompile.ms.toFixed(0).padStart(6)} ms   ${coldCompile.cached} from the cache`);
console.log(`  warm   ${warmCompile.ms.toFixed(1).padStart(6)} ms   ${warmCompile.cached} from the cache   cold/warm ${(coldCompile.ms / warmCompile.ms).toFixed(0)}x`);
console.log(`  ${verdictLine(warmCompile.cached === jobs.length, 'a warm run compiles nothing')}`);

// The same, seen from a whole run: an empty cache, then the cache it filled.
const cache = mkdtempSync(join(tmpdir(), 'pitfalls-bench-cache-'));
const cold = time(process.execPath, [bin, 'run', 'fork-bomb', '--json'], { XDG_CACHE_HOME: cache });
const warm = time(process.execPath, [bin, 'run', 'fork-bomb', '--json'], { XDG_CACHE_HOME: cache });
rmSync(cache, { recursive: true, force: true });
console.log('\npitfalls run fork-bomb, fresh cache then warm');
console.log(`  cold (compiles supervisor and fixture)  ${cold.ms.toFixed(0)} ms`);
console.log(`  warm (compiles nothing)                 ${warm.ms.toFixed(0)} ms   cold/warm ${(cold.ms / warm.ms).toFixed(2)}x`);

// 3. Every lesson, warm: time to verdict per side against its timeout, and the hang proofs.
const list = JSON.parse(time(process.execPath, [bin, 'list', '--json']).result.stdout);
console.log('\nlessons, warm cache (time to verdict per side; wall clock for the whole lesson)');
let allFast = true;
for (const { id } of list) {
  time(process.execPath, [bin, 'run', id, '--json']); // warm this lesson's cache
  const run = time(process.execPath, [bin, 'run', id, '--json']);
  let doc;
  try {
    doc = JSON.parse(run.result.stdout);
  } catch {
    console.log(`  ${id.padEnd(22)} did not run: ${run.result.stderr.trim().split('\n').pop()}`);
    allFast = false;
    continue;
  }
  const lesson = doc.lessons[0];
  const sides = [...lesson.broken, lesson.safe];
  // Each side's time to verdict, and what share of its time limit that is.
  const detail = sides
    .map((s) => `${s.side === 'safe' ? 'safe' : 'broken'} ${s.status} ${s.timeToVerdictMs} ms (${((100 * s.timeToVerdictMs) / s.timeoutMs).toFixed(0)}% of ${s.timeoutMs / 1000} s)`)
    .join(', ');
  const fast = run.ms <= 2000 * (sides.length / 2);
  allFast &&= fast;
  console.log(`  ${id.padEnd(22)} ${run.ms.toFixed(0).padStart(5)} ms  ${detail}${lesson.asTaught ? '' : '  (NOT as taught)'}`);
  for (const s of sides) {
    if (s.exit.stoppedBecause === 'the pitfall was proven' && /no CPU progress/.test(s.evidence.join(' '))) {
      console.log(`  ${''.padEnd(22)}   hang proven at ${s.timeToVerdictMs} ms of its side (${verdictLine(s.timeToVerdictMs <= 500, "target: within 500 ms").trim()})`);
    }
  }
}
console.log(`  ${verdictLine(allFast, 'target: at most 2 s per lesson (per pair of sides), warm')}`);

// 4. The observer's CPU with 1,000 idle processes on the machine against none. One lesson that
// spends most of its time waiting (exit-in-handler) runs through the CLI (a) as the machine is and
// (b) with 1,000 idle `sleep 600` started by this bench (killed by their pids and reaped after, even
// when a run fails). The CLI's own CPU (user+system, all its threads; not its children's) is
// measured two ways: for the whole process, by a preloaded hook that writes process.cpuUsage() at
// exit; and while the sides run (from the CLI's first child to its last), by sampling its threads'
// run time in /proc every 20 ms. That window is the observer at work, without start-up, judging and
// rendering, and it is what the targets are about.
const OBSERVED = process.env.BENCH_OBSERVER_LESSON ?? 'exit-in-handler';
const IDLE = Number(process.env.BENCH_IDLE_PROCESSES ?? 1000);
const OBSERVER_REPEATS = Number(process.env.BENCH_OBSERVER_REPEATS ?? 3);
const TICKS_PER_SECOND = 100; // USER_HZ, what /proc/PID/stat counts in on Linux

const probeDir = mkdtempSync(join(tmpdir(), 'pitfalls-bench-cpu-'));
const probe = join(probeDir, 'cpu-at-exit.cjs');
// The path comes in the environment and leaves it at once, so nothing the CLI starts inherits it.
writeFileSync(
  probe,
  `const out = process.env.PITFALLS_BENCH_CPU_OUT;
delete process.env.PITFALLS_BENCH_CPU_OUT;
if (out) process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  require('node:fs').writeFileSync(out, JSON.stringify({ user, system }));
});
`,
);

/**
 * CPU seconds of one process so far (all its threads, not its children): the sum of its threads'
 * run time from /proc/PID/task/TID/schedstat (nanoseconds), else utime+stime from /proc/PID/stat
 * (in ticks of 10 ms, too coarse for a window of a tenth of a second); undefined once it is gone.
 */
function cpuSeconds(pid) {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    if (Number.isFinite(ns) && ns > 0) return ns / 1e9;
  } catch {
    // no schedstat: the ticks below
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // fields 14 and 15 of proc(5)
  } catch {
    return undefined;
  }
}

/** Whether any thread of pid has a child (the supervisor of a side, a compiler). */
function hasChildren(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).some((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim() !== '');
  } catch {
    return false;
  }
}

/** The CLI run going on, if any: an interrupted bench passes the signal on (pitfalls stops cleanly). */
let current;

/** One contained run of the lesson through the CLI, its CPU measured both ways. */
function measuredRun(label) {
  if (interrupted) return new Promise(() => {}); // the signal handler exits once all is reaped
  const out = join(probeDir, `${label}.json`);
  rmSync(out, { force: true });
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const child = spawn(process.execPath, ['--require', probe, bin, 'run', OBSERVED, '--json'], {
      cwd: root,
      env: { ...process.env, PITFALLS_BENCH_CPU_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current = child;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const samples = [];
    const sample = () => {
      const cpu = cpuSeconds(child.pid);
      if (cpu !== undefined) samples.push({ t: seconds(), cpu, children: hasChildren(child.pid) });
    };
    sample();
    const timer = setInterval(sample, 20);
    child.on('close', (code) => {
      current = undefined;
      clearInterval(timer);
      const wall = seconds();
      let cpu;
      try {
        const usage = JSON.parse(readFileSync(out, 'utf8'));
        cpu = (usage.user + usage.system) / 1e6;
      } catch {
        // No hook report (the CLI was killed): the last sample, a little short.
        cpu = samples.length ? samples[samples.length - 1].cpu : NaN;
      }
      const busy = samples.filter((s) => s.children);
      const window =
        busy.length >= 2
          ? { cpu: busy[busy.length - 1].cpu - busy[0].cpu, wall: busy[busy.length - 1].t - busy[0].t }
          : { cpu: NaN, wall: NaN };
      let asTaught;
      let mode;
      try {
        const doc = JSON.parse(stdout);
        asTaught = doc.lessons[0].asTaught;
        mode = doc.containment?.mode;
      } catch {
        asTaught = undefined;
      }
      resolve({ code, wall, cpu, window, asTaught, mode, problem: asTaught === undefined ? stderr.trim().split('\n').pop() || `exit ${code}` : undefined });
    });
  });
}

/** Starts n idle processes (children of this bench) and waits until each has started. */
async function startIdle(n, into) {
  for (let i = 0; i < n && !interrupted; i++) {
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    into.push(child);
    child.exited = new Promise((resolve) => {
      child.once('exit', resolve);
      child.once('error', resolve); // never started: nothing to wait for
    });
    await new Promise((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  }
}

/** Kills the idle processes this bench started, by their pids, and waits until each is reaped. */
async function stopIdle(children) {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.race([Promise.all(children.map((c) => c.exited)), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  // Those reaped leave the list; any other stays, for the next call (the bench's finally) to kill.
  const left = children.filter((c) => c.pid !== undefined && c.exitCode === null && c.signalCode === null);
  children.splice(0, children.length, ...left);
  return left.length;
}

const idle = [];
let interrupted = false;
// Interrupted: start no more, kill those started (by pid), stop the CLI's run (it ends cleanly on the
// signal), and exit once every one of them is reaped, so none outlives the bench.
const onSignal = async (signal) => {
  if (interrupted) return;
  interrupted = true;
  const run = current;
  const ended = run ? new Promise((resolve) => run.once('close', resolve)) : Promise.resolve();
  run?.kill(signal);
  await stopIdle(idle);
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);

const quiet = [];
const busy = [];
let leftIdle = 0;
const idleCounts = [];
try {
  await measuredRun('warm-up'); // the lesson's binaries and the supervisor into the cache
  for (let i = 0; i < OBSERVER_REPEATS; i++) {
    quiet.push(await measuredRun(`a-${i}`));
    await startIdle(IDLE, idle);
    idleCounts.push(idle.filter((c) => c.exitCode === null && c.signalCode === null).length);
    busy.push(await measuredRun(`b-${i}`));
    await stopIdle(idle);
  }
} finally {
  leftIdle = await stopIdle(idle);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(signal, onSignal);
  rmSync(probeDir, { recursive: true, force: true });
}

const figures = (runs) => {
  const pick = (get) => median(runs.map(get));
  return {
    wall: pick((r) => r.wall),
    cpu: pick((r) => r.cpu),
    share: pick((r) => r.cpu / r.wall),
    windowWall: pick((r) => r.window.wall),
    windowCpu: pick((r) => r.window.cpu),
    windowShare: pick((r) => r.window.cpu / r.window.wall),
  };
};
const a = figures(quiet);
const b = figures(busy);
const fixed = (x, digits, unit) => (Number.isFinite(x) ? `${x.toFixed(digits)}${unit}` : '?');
const secs = (x) => fixed(x, 3, ' s');
const pct = (x) => fixed(100 * x, 1, ' %');
const times = (x) => fixed(x, 2, 'x');
const idleLabel = `(b) ${Math.min(...idleCounts).toLocaleString('en')} idle`;
const row = (name, ax, bx, ratio = '', target = '') =>
  console.log(`    ${name.padEnd(18)}${ax.padStart(10)}${bx.padStart(16)}${ratio.padStart(10)}${target ? `   ${target}` : ''}`.trimEnd());
const problems = [...quiet, ...busy].filter((r) => r.asTaught !== true).map((r) => (r.problem ? `did not run: ${r.problem}` : 'the lesson was NOT as taught'));
console.log(`\nobserver CPU: pitfalls run ${OBSERVED}, (a) as the machine is, (b) with ${IDLE.toLocaleString('en')} idle processes more${OBSERVER_REPEATS > 1 ? ` (median of ${OBSERVER_REPEATS} runs each)` : ''}`);
const modes = [...new Set([...quiet, ...busy].map((r) => r.mode).filter(Boolean))].join(', ') || 'unknown';
console.log(`  the pitfalls process's own CPU, user+system, all its threads (its children's not counted); containment ${modes}`);
row('', '(a) none', idleLabel, '(b)/(a)');
console.log('  while the sides ran (from its first child to its last: the observer at work)');
row('wall', secs(a.windowWall), secs(b.windowWall));
row('CPU', secs(a.windowCpu), secs(b.windowCpu), times(b.windowCpu / a.windowCpu), verdictLine(b.windowCpu / a.windowCpu <= 1.5, 'target: (b)/(a) at most 1.5x'));
row('share of a core', pct(a.windowShare), pct(b.windowShare), '', verdictLine(Math.max(a.windowShare, b.windowShare) <= 0.05, 'target: at most 5 % of a core, in (a) and (b)'));
console.log('  whole run (start-up, compile check, judging and rendering as well)');
row('wall', secs(a.wall), secs(b.wall));
row('CPU', secs(a.cpu), secs(b.cpu), times(b.cpu / a.cpu));
row('share of a core', pct(a.share), pct(b.share));
if (problems.length) console.log(`  note: ${[...new Set(problems)].join('; ')}`);
if (leftIdle > 0) console.log(`  ${leftIdle} of the idle processes could not be reaped: look for \`sleep 600\``);

// 5. Practice: save-to-verdict latency against the check's own duration (scripts/bench-practice.js).
await (await import('./bench-practice.js')).benchPractice(REPEATS);
