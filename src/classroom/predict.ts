// `run <lesson> --predict`: the lesson's question, answered with one key before the run, then compared with
// what this run observed of the broken side. The answer is never stored: each choice is a predicate over the
// observed value (lesson data), and the value is read from the run's own observation, as the judge saw it.
import type { Choice, Lesson, Observed, Question } from '../lesson.js';
import type { LessonOutcome, SideOutcome } from '../runner/outcome.js';
import { keyEvidence } from '../render/sentences.js';
import { reportsOf } from '../runner/signs/common.js';
import { keyFigure } from './runs.js';

/** A value the run observed, with what it is and the evidence line it rests on. */
export interface ObservedValue {
  /** Which kind of value it is (the question's `observed.kind`). */
  kind: Observed['kind'];
  /** undefined when the run did not show it (no report, a side that never started). */
  value: number | string | undefined;
  /** What the value is, e.g. "the program's count of child exits". */
  name: string;
  /** What it is measured against, e.g. "10 children ended". */
  against?: string;
  /** The evidence line of the verdict that says it (or the side's key evidence). */
  evidence: string;
}

export interface Reveal {
  question: Question;
  /** The index of the choice the learner picked. */
  picked: number;
  /** The broken side's value (its first build), and the twin's for contrast. */
  observed: ObservedValue;
  twin: ObservedValue;
  /** The choices that describe what this run observed (normally one). */
  right: number[];
  /** The pick describes what this run observed; undefined when no choice does (the run proved nothing either way). */
  isRight: boolean | undefined;
}

/** Whether `choice` describes `value`: every condition it gives holds. */
export function choiceMatches(choice: Choice, value: number | string | undefined): boolean {
  if (value === undefined) return false;
  const { is, atLeast, atMost } = choice.matches;
  if (is !== undefined && is !== value) return false;
  if (atLeast !== undefined && !(typeof value === 'number' && value >= atLeast)) return false;
  if (atMost !== undefined && !(typeof value === 'number' && value <= atMost)) return false;
  return true;
}

/** The choice a key picks: 1-4 or a-d, in the choices' order; undefined for any other key. */
export function choiceForKey(key: string, choices: Choice[]): number | undefined {
  const k = key.toLowerCase();
  const index = /^[1-9]$/.test(k) ? Number(k) - 1 : /^[a-i]$/.test(k) ? k.charCodeAt(0) - 97 : -1;
  return index >= 0 && index < choices.length ? index : undefined;
}

/** The key shown beside a choice. */
export function choiceKey(index: number): string {
  return String(index + 1);
}

/** How the program ended, in a word: by itself, by a signal, or still running when the runner stopped it. */
function endOf(side: SideOutcome): 'exited' | 'killed' | 'running' {
  const { exit } = side.observation;
  if (exit.reason === 'stopped' || exit.reason === 'timeout') return 'running';
  return exit.signal ? 'killed' : 'exited';
}

/** The evidence line that states `value` (one that ends with it first: "count: 3"), else the side's key evidence. */
function evidenceFor(side: SideOutcome, value: number | string | undefined): string {
  if (value === undefined) return keyEvidence(side);
  const { evidence } = side.verdict;
  const ending = evidence.find((line) => new RegExp(`[^\\w.]${value}$`).test(line));
  return ending ?? evidence.find((line) => new RegExp(`(^|[^\\w.])${value}([^\\w.]|$)`).test(line)) ?? keyEvidence(side);
}

/** Reads the question's value from one side, as the runner observed it. */
export function observe(observed: Observed, side: SideOutcome, lesson: Lesson): ObservedValue {
  const obs = side.observation;
  switch (observed.kind) {
    case 'figure': {
      const figure = keyFigure(lesson.expectation.signs, side);
      const against = figure?.of !== undefined ? `${figure.ofWhat} ${figure.of}` : undefined;
      return { kind: observed.kind, value: figure?.value, name: figure?.name ?? 'the lesson\'s count', ...(against ? { against } : {}), evidence: evidenceFor(side, figure?.value) };
    }
    case 'lines': {
      const pattern = new RegExp(observed.pattern);
      const text = observed.file === undefined ? obs.output : (obs.files?.find((f) => f.name === observed.file)?.text ?? '');
      const lines = text.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => pattern.test(line));
      const value = observed.distinct ? new Set(lines.map((line) => pattern.exec(line)?.[1])).size : lines.length;
      const shown = lines.slice(0, 3).map((line) => `"${line.trim()}"`).join(', ');
      // No such line: the output's size, and what the judge saw instead.
      const where = observed.file === undefined ? 'the output' : `"${observed.file}"`;
      const total = text.split('\n').filter((l) => l.trim() !== '').length;
      const evidence = lines.length > 0 ? `${where} has ${shown}${lines.length > 3 ? ` and ${lines.length - 3} more` : ''}` : `no such line in ${where} (${total} line${total === 1 ? '' : 's'}); ${keyEvidence(side)}`;
      return { kind: observed.kind, value, name: observed.meaning, evidence };
    }
    case 'report': {
      const reported = reportsOf(obs, observed.key).at(-1);
      const value = reported === undefined || !Number.isFinite(Number(reported)) ? undefined : Number(reported);
      return { kind: observed.kind, value, name: observed.meaning, evidence: value === undefined ? keyEvidence(side) : `the program reported ${observed.key}=${value}` };
    }
    case 'files': {
      const files = obs.files ?? [];
      const value = files.length;
      const named = files.slice(0, 4).map((f) => `"${f.name}"`).join(', ');
      return { kind: observed.kind, value, name: observed.meaning, evidence: value === 0 ? 'the run left no file in its working directory' : `the run left ${named}${files.length > 4 ? ` and ${files.length - 4} more` : ''} in its working directory` };
    }
    case 'state': {
      const value = Math.max(0, ...obs.samples.map((sample) => sample.processes.filter((p) => p.state === observed.state).length));
      return { kind: observed.kind, value, name: observed.meaning, evidence: evidenceFor(side, value) };
    }
    case 'end': {
      const value = endOf(side);
      // A program still running at the end: the line that shows what it was stuck in, when there is one.
      const stuck = value === 'running' ? side.verdict.evidence.find((line) => /no CPU progress|blocked/.test(line)) : undefined;
      return { kind: observed.kind, value, name: 'how the program ended', evidence: stuck ?? keyEvidence(side) };
    }
  }
}

/** The learner's pick against what this run observed. */
export function reveal(question: Question, picked: number, outcome: LessonOutcome, lesson: Lesson): Reveal {
  const observed = observe(question.observed, outcome.broken[question.build ?? 0] ?? outcome.broken[0], lesson);
  const twin = observe(question.observed, outcome.safe, lesson);
  const right = question.choices.flatMap((choice, i) => (choiceMatches(choice, observed.value) ? [i] : []));
  return { question, picked, observed, twin, right, isRight: right.length === 0 ? undefined : right.includes(picked) };
}
