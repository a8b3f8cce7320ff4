// The bench's practice section (`npm run bench` runs it last; `node scripts/bench-practice.js` alone):
// a learner saves fork-bomb's reference fix into a running `pitfalls practice`, N times; how long from
// the save to the first feedback ("checking…") and to the verdict, against the check's own duration
// (build and run, as practice measures and prints it). Ratios and medians: no absolute figure asserted.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'pitfalls.js');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const verdictLine = (ok, text) => `${ok ? 'ok  ' : 'MISS'} ${text}`;

export async function benchPractice(saves = Number(process.env.BENCH_REPEATS ?? 7)) {
  const home = mkdtempSync(join(tmpdir(), 'pitfalls-bench-practice-'));
  // As root the program runs as another uid, which must reach the practice file's folder.
  chmodSync(home, 0o755);
  const file = join(home, 'pitfalls-practice', 'fork-bomb.c');
  const solution = readFileSync(join(root, 'fixtures', 'solutions', 'fork-bomb.c'), 'utf8');
  const env = { ...process.env, XDG_STATE_HOME: join(home, 'state') };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, [bin, 'practice', 'fork-bomb'], { cwd: home, env, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const arrivals = [];
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    out += chunk;
    arrivals.push({ at: performance.now(), length: out.length });
  });
  /** When `pattern` first matched the output after `from` (an offset), by the chunk that completed it. */
  const until = (pattern, from) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`practice did not print ${pattern} in 60 s`)), 60_000);
      const poll = setInterval(() => {
        const match = pattern.exec(out.slice(from));
        if (!match) return;
        clearInterval(poll);
        clearTimeout(timer);
        const end = from + match.index + match[0].length;
        resolve({ at: arrivals.find((a) => a.length >= end).at, end, match });
      }, 2);
    });
  const rows = [];
  try {
    // The first check (of the broken copy) ends with the line every check ends with.
    let from = (await until(/waiting for the next save/, 0)).end;
    for (let save = 1; save <= saves; save++) {
      // A new comment each time: a real save changes the file, so nothing comes from the cache.
      const savedAt = performance.now();
      writeFileSync(file, `${solution}/* save ${save} at ${Date.now()} */\n`);
      const checking = await until(/checking /, from);
      const verdict = await until(/checked in ([\d.]+) (ms|s)[\s\S]*?(✓ fixed|✗ not fixed|\? not judged|✗ did not compile)/, from);
      from = (await until(/waiting for the next save/, from)).end;
      const [, amount, unit] = verdict.match;
      rows.push({ feedback: checking.at - savedAt, verdict: verdict.at - savedAt, check: Number(amount) * (unit === 's' ? 1000 : 1), answer: verdict.match[3] });
    }
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    rmSync(home, { recursive: true, force: true });
  }
  const feedback = median(rows.map((r) => r.feedback));
  const verdict = median(rows.map((r) => r.verdict));
  const check = median(rows.map((r) => r.check));
  const ratio = median(rows.map((r) => r.verdict / r.check));
  const allFixed = rows.every((r) => r.answer === '✓ fixed');
  console.log(`\npractice fork-bomb: the reference fix saved ${saves} times into a running \`pitfalls practice\` (medians)`);
  console.log(`  save → "checking…"   ${feedback.toFixed(0).padStart(6)} ms   ${verdictLine(feedback < 1000, 'target: first feedback within 1 s of a save')}`);
  console.log(`  the check itself     ${check.toFixed(0).padStart(6)} ms   (build and run, as practice prints it)`);
  console.log(`  save → verdict       ${verdict.toFixed(0).padStart(6)} ms   ratio ${ratio.toFixed(2)}x the check's own duration (the rest: ${(verdict - check).toFixed(0)} ms of debounce, start and rendering)`);
  console.log(`  ${verdictLine(allFixed, `every save judged fixed (${rows.filter((r) => r.answer === '✓ fixed').length} of ${saves})`)}`);
  return { feedback, verdict, check, ratio, allFixed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchPractice();
