import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('fd-leak', () => {
  it('sleep inherits both pipe ends and the reader hangs, every run; the twin\'s children hold only stdio, every run', async () => {
    for (const outcome of await runBothWays('fd-leak')) {
      const [broken] = outcome.broken;
      const evidence = broken.verdict.evidence.join('\n');
      // Read by the supervisor as the kernel announced sleep's exec: what it inherited.
      expect(evidence).toMatch(/pid \d+ \(sleep\), started by pid \d+, held fd 3 \(pipe:\[\d+\], read end\), fd 4 \(pipe:\[\d+\], write end\) beyond its stdio \(fd 0-2\) when it exec'd/);
      expect(evidence).toMatch(/state S, wchan \w*pipe_read: blocked reading pipe:\[\d+\], and every holder of its write end is stuck too or never uses it; no CPU progress/);
      expect(evidence).toMatch(/waits to read at fd 3; its write end is still open in pid \d+ \(sleep\) fd 4 \(running "sleep 30"\)/);
      expect(broken.verdict.atMs).toBeLessThan(2000);

      const { safe } = outcome;
      expect(safe.observation.output).toMatch(/read 11 bytes, then EOF \(sleep still running/);
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
      // The twin asked for a snapshot once both children had exec'd: sleep holds no pipe or socket beyond its stdio.
      // (A file of its own may be open for a moment: as it starts, sleep's loader and setlocale() open libc and locale files on fd 3.)
      const snapshot = safe.observation.details.find((d) => d.reason === 'children-started')!;
      const sleep = snapshot.processes.find((p) => p.cmdline.join(' ') === 'sleep 30')!;
      expect(sleep.files.filter((f) => f.fd > 2 && /^(pipe|socket):/.test(f.target)), JSON.stringify(sleep.files)).toEqual([]);
      expect(sleep.files.map((f) => f.fd)).toEqual(expect.arrayContaining([0, 1, 2]));
      // And as each child exec'd (the node worker, sleep), it held nothing it had not been given.
      expect(safe.verdict.evidence.join('\n')).toMatch(/2 programs started by the run held nothing but their stdio when they exec'd/);
    }
  });
});
