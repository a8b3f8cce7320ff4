// Development aid: run one lesson through the runner (as `pitfalls run` does) and print the raw outcome.
// Always under the seatbelt while developing:  ../shared/tools/seatbelt node scripts/dev-run.mjs <id> [runs]
import { findLesson } from '../dist/src/catalog.js';
import { runLesson } from '../dist/src/runner/run-lesson.js';

const [id = 'fork-bomb', runs = '1'] = process.argv.slice(2);
const lesson = await findLesson(id);
for (let run = 1; run <= Number(runs); run++) {
  const started = Date.now();
  const outcome = await runLesson(lesson);
  console.log(`== run ${run}: as taught: ${outcome.asTaught}, containment ${outcome.containment}, ${Date.now() - started} ms`);
  for (const side of [...outcome.broken, outcome.safe]) {
    const { verdict, observation } = side;
    console.log(`${side.side} ${side.label}: ${verdict.status} at ${verdict.atMs} ms, peak ${side.peakProcesses}, exit ${JSON.stringify(observation.exit)}${observation.stoppedBecause ? `, stopped: ${observation.stoppedBecause}` : ''}`);
    for (const line of verdict.evidence) console.log(`  - ${line}`);
    console.log(`  output: ${JSON.stringify(observation.output.slice(0, 400))}`);
    for (const d of observation.details) console.log(`  details at ${d.t} ms (${d.reason}): ${d.processes.length} processes`);
  }
}
