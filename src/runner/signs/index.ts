// Every kind of sign, and the function that judges it: adding a sign is a member of the Sign union
// (src/lesson.ts) and a line here.
import type { Sign } from '../../lesson.js';
import type { SignJudge } from './common.js';
import { judgeKilled, judgeOutput } from './endings.js';
import { judgeMisplacedData, judgeUnmeantFiles } from './files.js';
import { judgeCount, judgeExtraProcesses, judgeRunaway, judgeWorkElsewhere, judgeZombies } from './processes.js';
import { judgeUnmeantProgram } from './programs.js';
import { judgeLeaked, judgeLockWithoutOwner, judgePipeDeadlock, judgeWaitWithoutChildren } from './waits.js';

export const signJudges: { [K in Sign['kind']]: SignJudge<Extract<Sign, { kind: K }>> } = {
  'runaway-processes': judgeRunaway,
  'lock-without-owner': judgeLockWithoutOwner,
  'pipe-deadlock': judgePipeDeadlock,
  'count-below-children': judgeCount,
  zombies: judgeZombies,
  'extra-processes': judgeExtraProcesses,
  'work-done-elsewhere': judgeWorkElsewhere,
  'killed-by-signal': judgeKilled,
  'wait-without-children': judgeWaitWithoutChildren,
  'leaked-descriptors': judgeLeaked,
  'output-matches': judgeOutput,
  'misplaced-data': judgeMisplacedData,
  'unmeant-files': judgeUnmeantFiles,
  'unmeant-program': judgeUnmeantProgram,
};
