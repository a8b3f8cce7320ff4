// Pictures drawn under a side from what it observed. A lesson names the ones it wants in `views`;
// each takes observations, never lesson-specific data, so any program doing the job can be drawn.
import type { Lesson } from '../lesson.js';
import type { SideOutcome } from '../runner/outcome.js';
import { countChart } from './count-chart.js';
import { pipeEnds } from './pipe-ends.js';
import { processTree } from './process-tree.js';

export interface ViewOptions {
  /** The picture's essentials only (run --brief): what it shows, not every detail behind it. */
  brief?: boolean;
}

/** Lines of text (chalk colours allowed) that fit in `width` columns: nothing the picture needs is cut. */
export type View = (side: SideOutcome, lesson: Lesson, width: number, options?: ViewOptions) => string[];

export const views: Record<string, View> = {
  'count-chart': countChart,
  'pipe-ends': pipeEnds,
  'process-tree': processTree,
};
