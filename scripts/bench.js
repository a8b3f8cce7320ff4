// npm run bench: speed as ratios against baselines measured in the same run (this machine is shared
// and noisy, so no absolute figure is asserted anywhere). Every lesson runs through the CLI, contained.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
