// npm run soak -- --runs N [--load]: every lesson both ways N times through the built CLI, contained,
// and a table per lesson of what held. With --load, every other round runs with every core kept busy
// by hogs this script starts and stops itself. Exits 1 on any miss: a lesson not as taught, a peak
// above its cap, a process, zombie or temp folder left behind, a CLI exit other than 0.
// Run it under the development seatbelt: ../shared/tools/seatbelt npm run soak -- --runs 20 --load
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'pitfalls.js');

// 1. Options.
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const load = args.includes('--load');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
if (!Number.isInteger(runs) || runs < 1 || args.some((a, i) => a.startsWith('--') && !['--runs', '--load', '--only'].includes(a) && i !== runsAt + 1)) {
  console.error('soak: usage: npm run soak -- --runs N [--load] [--only id,id]   (N a whole number from 1)');
  process.exit(2);
}

// 2. A world of the soak's own, so whatever is left behind is the soak's and can be counted: a temp
// folder (the runs' scratch), a cache (its supervisor and binaries) and, as root, a uid range.
const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-soak-'));
const tempDir = join(scratch, 'tmp');
const cacheHome = join(scratch, 'cache');
const isRoot = process.geteuid?.() === 0;
const uidStart = 2_100_000_000;
const uidEnd = 2_100_999_999;
const env = {
  ...process.env,
  TMPDIR: tempDir,
  XDG_CACHE_HOME: cacheHome,
  XDG_STATE_HOME: join(scratch, 'state'),
  PITFALLS_UID_RANGE: `${uidStart}-${uidEnd}`,
  NO_COLOR: '1',
};
// As /tmp is: the runs' own uids (as root) make their scratch folders here.
mkdirSync(tempDir);
chmodSync(scratch, 0o755);
chmodSync(tempDir, 0o1777);

const { loadCatalog } = await import('../dist/src/catalog.js');
const lessons = (await loadCatalog()).filter((l) => !only || only.includes(l.id));

// 3. Hogs: one busy loop per core, started before a loaded round and killed (by pid) after it.
function startHogs() {
  return Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}
async function stopHogs(hogs) {
  await Promise.all(hogs.map((hog) => new Promise((resolve) => {
    if (hog.exitCode !== null || hog.signalCode !== null) return resolve();
    hog.once('exit', resolve);
    hog.kill('SIGKILL');
  })));
}

// 4. What a run left: processes of the soak's uid range (as root), or running a binary from its
// cache, or with its temp folder in their environment; and the entries of that temp folder.
function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
function leftProcesses() {
  const left = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const status = read(`/proc/${name}/status`);
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    let exe = '';
    try {
      exe = readlinkSync(`/proc/${name}/exe`);
    } catch {
      // a zombie, or not ours to read
    }
    const ours = (uid >= uidStart && uid <= uidEnd) || exe.startsWith(cacheHome) || read(`/proc/${name}/environ`).includes(`=${tempDir}`);
    if (ours) left.push({ pid: Number(name), zombie: /^State:\s+Z/m.test(status) });
  }
  return left;
}

function runLessonOnce(id) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'run', id, '--json'], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      let doc;
      try {
        doc = JSON.parse(out);
      } catch {
        // no JSON: counted as a miss with what it said
      }
      resolve({ code, doc, err });
    });
  });
}

// 5. Rounds: every lesson once per round, in teaching order; with --load, odd rounds under hogs.
const rows = new Map(lessons.map((l) => [l.id, { runs: 0, loaded: 0, brokenAsExpected: 0, brokenSides: 0, twinClean: 0, inconclusive: 0, inconclusiveExpected: 0, verdictMs: [], peak: { broken: 0, safe: 0 }, cap: { broken: 0, safe: 0 }, overCap: 0, processesLeft: 0, zombiesLeft: 0, tempLeft: 0, misses: [] }]));
let stopping = false;
process.on('SIGINT', () => (stopping = true));
for (let round = 1; round <= runs && !stopping; round++) {
  const loaded = load && round % 2 === 0;
  const hogs = loaded ? startHogs() : [];
  try {
    for (const lesson of lessons) {
      if (stopping) break;
      const row = rows.get(lesson.id);
      const { code, doc, err } = await runLessonOnce(lesson.id);
      row.runs++;
      if (loaded) row.loaded++;
      const outcome = doc?.lessons?.[0];
      if (!outcome) {
        row.misses.push(`round ${round}: exit ${code}, no JSON: ${err.trim().split('\n').slice(-2).join(' | ')}`);
      } else {
        const builds = lesson.broken.builds ?? [{ label: '' }];
        outcome.broken.forEach((side, i) => {
          const expected = builds[i]?.expect ?? 'manifested';
          row.brokenSides++;
          if (side.status === expected) row.brokenAsExpected++;
          if (side.status === 'inconclusive' && expected === 'inconclusive') row.inconclusiveExpected++;
        });
        if (outcome.safe.status === 'clean') row.twinClean++;
        for (const side of [...outcome.broken, outcome.safe]) {
          if (side.status === 'inconclusive') row.inconclusive++;
          row.verdictMs.push(side.timeToVerdictMs);
          row.peak[side.side] = Math.max(row.peak[side.side], side.peakProcesses);
          row.cap[side.side] = side.cap;
          if (side.peakProcesses > side.cap) row.overCap++;
        }
        if (!outcome.asTaught || code !== 0) {
          const said = [...outcome.broken, outcome.safe].map((s) => `${s.side} ${s.status}${s.reason ? ` (${s.reason})` : ''}: ${s.evidence[0] ?? ''}`).join('; ');
          row.misses.push(`round ${round}${loaded ? ' (loaded)' : ''}: exit ${code}: ${said}`);
        }
      }
      const left = leftProcesses();
      row.processesLeft += left.filter((p) => !p.zombie).length;
      row.zombiesLeft += left.filter((p) => p.zombie).length;
      const temp = readdirSync(tempDir);
      row.tempLeft += temp.length;
      // Counted once: what was left is cleared so the next run is judged on its own.
      for (const name of temp) rmSync(join(tempDir, name), { recursive: true, force: true });
      for (const p of left) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      process.stderr.write(`round ${round}/${runs}${loaded ? ' (loaded)' : ''} ${lesson.id}: ${outcome?.asTaught ? 'as taught' : 'MISS'}, exit ${code}${left.length ? `, ${left.length} left` : ''}${temp.length ? `, ${temp.length} temp left` : ''}\n`);
    }
  } finally {
    await stopHogs(hogs);
  }
}

// 6. The table.
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
};
const pct = (n, d) => (d ? `${n}/${d}` : '-');
const header = ['lesson', 'runs (loaded)', 'broken as expected', 'twin clean', 'inconclusive (as the lesson expects)', 'time to verdict, median / max ms', 'peak / cap: broken; twin', 'processes left', 'zombies left', 'temp dirs left'];
const lines = [...rows].map(([id, r]) => [
  id,
  `${r.runs} (${r.loaded})`,
  pct(r.brokenAsExpected, r.brokenSides),
  pct(r.twinClean, r.runs),
  `${r.inconclusive} (${r.inconclusiveExpected})`,
  `${median(r.verdictMs)} / ${Math.max(0, ...r.verdictMs)}`,
  `${r.peak.broken} / ${r.cap.broken}; ${r.peak.safe} / ${r.cap.safe}${r.overCap ? ` (${r.overCap} over)` : ''}`,
  String(r.processesLeft),
  String(r.zombiesLeft),
  String(r.tempLeft),
]);
console.log(`soak: ${runs} rounds${load ? ', every other one with all ' + availableParallelism() + ' cores busy' : ''}, as ${isRoot ? 'root' : 'an ordinary user'}`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const line of lines) console.log(`| ${line.join(' | ')} |`);
const misses = [...rows].flatMap(([id, r]) => [
  ...r.misses.map((m) => `${id}: ${m}`),
  ...(r.overCap ? [`${id}: ${r.overCap} side(s) above the cap`] : []),
  ...(r.processesLeft + r.zombiesLeft ? [`${id}: ${r.processesLeft} process(es) and ${r.zombiesLeft} zombie(s) left`] : []),
  ...(r.tempLeft ? [`${id}: ${r.tempLeft} temp folder(s) left`] : []),
]);
rmSync(scratch, { recursive: true, force: true });
if (misses.length) {
  console.log(`\n${misses.length} miss(es):`);
  for (const m of misses) console.log(`- ${m}`);
  process.exit(1);
}
console.log('\nno miss: every run as taught, within its cap, nothing left behind.');
