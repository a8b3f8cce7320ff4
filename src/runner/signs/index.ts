// Every kind of sign, and the function that judges it: adding a sign is a member of the Sign union
// (src/lesson.ts) and a line here.
import type { Sign } from '../../lesson.js';
import type { SignJudge } from './common.js';
import { judgeKilled, judgeOutput } from './endings.js';
import { judgeCount, judgeExtraProcesses, judgeRanTooOften, judgeRunaway, judgeZombies } from './processes.js';
import { judgeHang, judgeLeaked, judgeWaitWithoutChildren } from './waits.js';

export const signJudges: { [K in Sign['kind']]: SignJudge<Extract<Sign, { kind: K }>> } = {
  'runaway-processes': judgeRunaway,
  hang: judgeHang,
  'count-below-children': judgeCount,
  zombies: judgeZombies,
  'extra-processes': judgeExtraProcesses,
  'ran-too-often': judgeRanTooOften,
  'killed-by-signal': judgeKilled,
  'wait-without-children': judgeWaitWithoutChildren,
  'leaked-descriptors': judgeLeaked,
  'output-matches': judgeOutput,
};
