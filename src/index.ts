// What the package offers a program that imports it: the shape of a lesson, so a lesson kept
// outside the repository can write `import type { LessonData } from 'pitfalls'`, and the default caps.
export type {
  BrokenSide,
  Build,
  Expectation,
  IntendedProcess,
  JobPart,
  Keystroke,
  Lesson,
  LessonData,
  Limits,
  Narration,
  SafeSide,
  Sign,
} from './lesson.js';
export { DEFAULT_LIMITS, DEFAULT_TWIN_LIMITS } from './lesson.js';
