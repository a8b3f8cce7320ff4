import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { descendantsOf, parseStat, readOpenFiles, readTree } from '../dist/src/runner/proc.js';
import { parseReportLine, OutputCollector } from '../dist/src/runner/protocol.js';

describe('/proc parsing', () => {
  it('reads a stat line whose command name holds spaces and parentheses', () => {
    const stat = '4121 (a) b (c) S 4120 4119 4000 0 -1 4194304 97 0 0 0 12 3 0 0 20 0 3 0 22061 3133440 382';
    expect(parseStat(stat)).toEqual({ pid: 4121, comm: 'a) b (c', state: 'S', ppid: 4120, pgid: 4119, cpuTicks: 15, threads: 3 });
  });

  it('walks descendants by parent links', () => {
    const parents = new Map([[10, 1], [11, 10], [12, 11], [13, 10], [20, 1]]);
    expect(descendantsOf(10, parents).sort()).toEqual([11, 12, 13]);
  });

  it('reads a live child of this process, its state and wait channel', async () => {
    const child = spawn('sleep', ['5']);
    await new Promise((r) => setTimeout(r, 100));
    const tree = readTree(process.pid);
    const sleeper = tree.find((p) => p.pid === child.pid);
    expect(sleeper).toMatchObject({ comm: 'sleep', state: 'S', ppid: process.pid });
    expect(sleeper!.wchan).toMatch(/sleep|nanosleep|hrtimer/);
    expect(readOpenFiles(child.pid!).map((f) => f.fd)).toEqual(expect.arrayContaining([0, 1, 2]));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
  });
});

describe('the @pitfalls line protocol', () => {
  it('parses key=value lines and leaves others as output', () => {
    expect(parseReportLine('@pitfalls sigchld=3', 5)).toEqual({ t: 5, key: 'sigchld', value: '3' });
    expect(parseReportLine('@pitfalls fork_failed=EAGAIN\r', 5)).toMatchObject({ key: 'fork_failed', value: 'EAGAIN' });
    expect(parseReportLine('hello @pitfalls x=1', 5)).toBeUndefined();
    const collector = new OutputCollector(() => 7);
    collector.push('one\n@pitfalls n=');
    collector.push('4\ntwo');
    expect(collector.reports).toEqual([{ t: 7, key: 'n', value: '4' }]);
    expect(collector.output()).toBe('one\ntwo');
  });
});
