// The lecture's own program (a lesson's broken.slide), as a lesson whose broken side is that program:
// the same runner, containment and judge as the fixture, the job as the slide's program does it.
import { usageError } from '../errors.js';
import type { Lesson, Slide } from '../lesson.js';
import { fixturesDir } from '../paths.js';
import type { Status } from '../runner/outcome.js';

/** Which program a run's broken side is: the lesson's fixture, or the lecture's own program. */
export type ProgramKind = 'fixture' | 'slide';

/** The lesson with its slide program in place of the fixture. A lesson without one is a usage error naming those with one. */
export function slideLesson(lesson: Lesson, catalog: Lesson[]): Lesson {
  const slide = lesson.broken.slide;
  if (!slide || !lesson.slidePath) {
    const withSlides = catalog.filter((l) => l.slidePath).map((l) => l.id);
    const which = withSlides.length > 0 ? `The lessons that ship one: ${withSlides.join(', ')} (e.g. \`npx pitfalls run ${withSlides[0]} --slide\`).` : 'No lesson ships one.';
    throw usageError(`The lesson ${lesson.id} has no lecture program of its own to run (its fixture is the slide's program, or the lecture has none). ${which}`);
  }
  return {
    ...lesson,
    fixturePath: lesson.slidePath,
    broken: {
      ...lesson.broken,
      fixture: slide.file,
      args: slide.args ?? [],
      // One build, as the lecture compiles it; pitfalls.h (report lines) is found in the package's fixtures.
      builds: [{ label: '', flags: [`-I${fixturesDir}`], expect: 'manifested' }],
      // The slide's program reports no "ready": nothing is typed into it.
      keystrokes: undefined,
    },
    expectation: {
      ...lesson.expectation,
      job: slide.job ?? lesson.expectation.job,
      done: slide.done ?? lesson.expectation.done,
    },
  };
}

/** What the slide shows run after run: 'sometimes' (a race) unless the lesson says every run. */
export function slideExpect(slide: Slide): 'manifested' | 'sometimes' {
  return slide.expect ?? 'sometimes';
}

/**
 * Whether one run of a broken side behaved as taught. The fixture (and a slide expected to show every run): the
 * status its build expects. A racy slide: a verdict either way, the pitfall shown or the job done cleanly; an
 * inconclusive run (a crash that is not a sign, a timeout, the job not done) is not what it teaches.
 */
export function runAsTaught(status: Status, expected: Status, program: ProgramKind, slide?: Slide): boolean {
  if (program === 'slide' && slide && slideExpect(slide) === 'sometimes') return status === 'manifested' || status === 'clean';
  return status === expected;
}
