// What `pitfalls dev check` says: a table of every lesson's three proofs, then what failed and why.
import chalk from 'chalk';
import type { LessonProof, Proof, ProofName } from '../commands/dev.js';
import type { Containment } from '../runner/containment.js';
import type { SideOutcome, Status } from '../runner/outcome.js';
import { describeExit } from './sentences.js';
import { padTo, widthOf, wrap } from './text.js';

/** What each proof must show, in words: the column's meaning. */
const PROOF_MEANING: Record<ProofName, string> = {
  fixture: 'each build of the fixture shows what it is expected to (the pitfall, unless a build is meant to stay clean)',
  solution: 'the reference solution is fixed (the job done, the pitfall gone) in every build `check` uses',
  twin: 'the safe twin stays clean',
};

const STATUS_WORDS: Record<Status, string> = { manifested: 'the pitfall showed', clean: 'clean', inconclusive: 'not judged' };

/** A cell of the table: runs as expected out of runs, marked. */
function cell(proof: Proof, runs: number): string {
  if (proof.notNeeded) return chalk.dim('– not needed');
  if (proof.problem) return chalk.red('✗ not run');
  const good = proof.runs.filter((r) => r.asExpected).length;
  const text = `${good}/${runs}`;
  return proof.holds ? chalk.green(`✓ ${text}`) : chalk.red(`✗ ${text}`);
}

/** One side of a run that did not show what it should: what it showed, why, and how it ended. */
function sideLine(side: SideOutcome): string {
  const { verdict, observation } = side;
  const shown = verdict.status === 'inconclusive' && verdict.reason ? `${STATUS_WORDS.inconclusive} (${verdict.reason})` : STATUS_WORDS[verdict.status];
  const first = verdict.evidence[0];
  return `${side.label}: expected ${STATUS_WORDS[side.expected]}, got ${shown}${first ? `: ${first}` : ''} (end: ${describeExit(observation.exit, observation.stoppedBecause)})`;
}

/** Why a proof failed: the reason it could not run, or each side of each run that went otherwise. */
function failureLines(name: ProofName, proof: Proof): string[] {
  if (proof.holds) return [];
  if (proof.problem) return [`${name}: ${proof.problem}`];
  return proof.runs.flatMap((run) =>
    run.sides.filter((s) => s.verdict.status !== s.expected).map((s) => `${name}, run ${run.run}: ${sideLine(s)}`),
  );
}

export function renderDevCheck(proofs: LessonProof[], runs: number, width: number): string {
  const idWidth = Math.max(6, ...proofs.map((p) => widthOf(p.id))) + 2;
  const columnWidth = 16;
  const lines = [chalk.bold(padTo('lesson', idWidth) + ['fixture', 'solution', 'twin'].map((h) => padTo(h, columnWidth)).join('').trimEnd())];
  for (const proof of proofs) {
    const cells = proof.loadProblem ? [chalk.red('✗ did not load')] : [cell(proof.fixture, runs), cell(proof.solution, runs), cell(proof.twin, runs)];
    lines.push((padTo(proof.id, idWidth) + cells.map((c) => padTo(c, columnWidth)).join('')).trimEnd());
  }
  lines.push('', chalk.dim(`Each cell: runs as expected / runs. fixture: ${PROOF_MEANING.fixture}; solution: ${PROOF_MEANING.solution}; twin: ${PROOF_MEANING.twin}.`));

  const failed = proofs.filter((p) => !p.holds);
  for (const proof of failed) {
    lines.push('', chalk.bold.red(`${proof.id}`) + chalk.dim(` (${proof.dir})`));
    const reasons = proof.loadProblem ? [`did not load: ${proof.loadProblem}`] : (['fixture', 'solution', 'twin'] as const).flatMap((name) => failureLines(name, proof[name]));
    // Compiler output keeps its own lines; everything else wraps.
    for (const reason of reasons) {
      const [head, ...rest] = reason.split('\n');
      lines.push(...wrap(`  • ${head}`, width, '  '), ...rest.map((l) => `    ${l}`));
    }
  }

  lines.push('');
  if (failed.length === 0) {
    lines.push(chalk.green(`✓ all ${proofs.length} lesson${proofs.length === 1 ? '' : 's'} proven three ways, ${runs} run${runs === 1 ? '' : 's'} each.`));
  } else {
    const ids = failed.map((p) => p.id).join(', ');
    lines.push(...wrap(chalk.red(`✗ ${failed.length} of ${proofs.length} lesson${proofs.length === 1 ? '' : 's'} not proven: ${ids}. The reasons are above; once fixed, run \`npx pitfalls dev check --only ${failed.map((p) => p.id).join(',')}\` again.`), width));
  }
  return lines.join('\n');
}

function proofJson(proof: Proof, runs: number) {
  return {
    holds: proof.holds,
    runsAsExpected: proof.runs.filter((r) => r.asExpected).length,
    runs: proof.notNeeded || proof.problem ? 0 : runs,
    problem: proof.problem ?? null,
    notNeeded: proof.notNeeded ?? null,
    details: proof.runs.map((run) => ({
      run: run.run,
      asExpected: run.asExpected,
      sides: run.sides.map((s) => ({
        label: s.label,
        expected: s.expected,
        status: s.verdict.status,
        reason: s.verdict.reason ?? null,
        evidence: s.verdict.evidence,
        exit: { reason: s.observation.exit.reason, code: s.observation.exit.code ?? null, signal: s.observation.exit.signal ?? null },
      })),
    })),
  };
}

export function devCheckJson(proofs: LessonProof[], runs: number, root: string, containment: Containment, exitCode: number) {
  return {
    lessonsDir: root,
    runs,
    containment: { mode: containment.mode, why: containment.why },
    lessons: proofs.map((p) => ({
      id: p.id,
      dir: p.dir,
      holds: p.holds,
      loadProblem: p.loadProblem ?? null,
      fixture: proofJson(p.fixture, runs),
      solution: proofJson(p.solution, runs),
      twin: proofJson(p.twin, runs),
    })),
    exitCode,
  };
}
