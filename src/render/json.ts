// The --json document: one object for the whole run, documented in the README.
import type { Containment } from '../runner/containment.js';
import type { LessonOutcome, SideOutcome } from '../runner/outcome.js';

export function sideJson(side: SideOutcome) {
  const { verdict, observation } = side;
  return {
    side: side.side,
    label: side.label,
    status: verdict.status,
    reason: verdict.reason ?? null,
    job: verdict.job ?? [],
    evidence: verdict.evidence,
    timeToVerdictMs: verdict.atMs,
    durationMs: observation.durationMs,
    peakProcesses: side.peakProcesses,
    cap: observation.cap,
    timeoutMs: observation.timeoutMs,
    exit: {
      reason: observation.exit.reason,
      code: observation.exit.code ?? null,
      signal: observation.exit.signal ?? null,
      stoppedBecause: observation.stoppedBecause ?? null,
    },
    reaped: observation.exit.reaped,
    killedAtEnd: observation.exit.killedAtEnd,
  };
}

export function outcomesJson(outcomes: LessonOutcome[], containment: Containment, exitCode: number) {
  return {
    containment: { mode: containment.mode, why: containment.why },
    lessons: outcomes.map((o) => ({
      id: o.id,
      title: o.title,
      asTaught: o.asTaught,
      broken: o.broken.map(sideJson),
      safe: sideJson(o.safe),
    })),
    exitCode,
  };
}
