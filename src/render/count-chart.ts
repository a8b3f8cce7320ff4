// The number of processes of a run over time, as a small bar chart: a fork bomb's doubling, visible.
import type { View } from './views.js';

const BARS = ' ▁▂▃▄▅▆▇█';

export const countChart: View = (side, _lesson, width) => {
  const { samples, cap } = side.observation;
  if (samples.length === 0) return ['(no samples)'];
  // As wide as the column allows (up to 100 samples across), at least 10.
  const columns = Math.max(10, Math.min(width - 8, 100));
  const end = samples[samples.length - 1].t || 1;
  // Scale to what was seen, at least 8, so a small pool is readable; the cap is named below.
  const top = Math.max(...samples.map((s) => s.processes.length), 8);
  const cells: number[] = Array.from({ length: columns }, () => 0);
  for (const s of samples) {
    const column = Math.min(columns - 1, Math.floor((s.t / end) * columns));
    cells[column] = Math.max(cells[column], s.processes.length);
  }
  // Carry the last count forward over columns no sample fell in.
  for (let i = 1; i < columns; i++) if (cells[i] === 0) cells[i] = cells[i - 1];
  const rows = 4;
  const lines: string[] = [];
  for (let row = rows - 1; row >= 0; row--) {
    const line = cells
      .map((n) => {
        const fill = (n / top) * rows - row;
        return BARS[Math.max(0, Math.min(8, Math.round(fill * 8)))];
      })
      .join('');
    const label = row === rows - 1 ? String(top).padStart(4) : row === 0 ? '   0' : '    ';
    lines.push(`${label} ┤${line}`);
  }
  lines.push(`     0 ms${' '.repeat(Math.max(1, columns - 12))}${end} ms`);
  lines.push(`     processes over time (cap ${cap})`);
  return lines;
};
