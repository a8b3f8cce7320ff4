import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('pipe-eof', () => {
  it('the reader blocks in pipe_read holding its own write end, every run; the twin reads to EOF, every run', async () => {
    for (const outcome of await runBothWays('pipe-eof')) {
      const [broken] = outcome.broken;
      const evidence = broken.verdict.evidence.join('\n');
      expect(evidence).toMatch(/state S, wchan \w*pipe_read: blocked reading pipe:\[\d+\], and every holder of its write end is stuck too or never uses it; no CPU progress for \d+ ms/);
      // Who holds the write end: the blocked reader itself, from /proc/PID/fd and fdinfo at the proof.
      expect(evidence).toMatch(/pipe:\[\d+\]: pid (\d+) \(.*\) waits to read at fd 3; its write end is still open in pid \1 \(.*\) fd 4 \(the blocked process itself\)/);
      expect(broken.verdict.atMs).toBeLessThan(2000);
      const proven = broken.observation.details.find((d) => d.reason === 'proven')!;
      const reader = proven.processes.find((p) => p.pid === broken.observation.programPid)!;
      const pipes = reader.files.filter((f) => f.target.startsWith('pipe:'));
      expect(pipes.map((f) => [f.fd, f.flags & 3])).toEqual([[3, 0], [4, 1]]);
      expect(pipes[0].target).toBe(pipes[1].target);

      const { safe } = outcome;
      expect(safe.observation.output).toMatch(/read 66 bytes, then EOF/);
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });
});
