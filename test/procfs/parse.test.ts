/** The /proc parsers as tables on captured text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  childrenIndex,
  descendants,
  parseChildrenList,
  parseCpuStat,
  parseKeyValues,
  parseMeminfo,
  parsePidStat,
  parseStatm,
  parseStatusMemory,
  sameTree,
  type PidStat,
} from '../../src/procfs/parse.ts';
import { cpuShare, hostCpuShare } from '../../src/protocol/stats.ts';

const TAIL = '0 -1 4194304 103 0 0 0 250 37 0 0 20 0 1 0 97867 3133440 413 18446744073709551615 94617631928320 0 0 0 0 0 0 0 0 0 17 1 0 0';

describe('parsePidStat', () => {
  const cases: [string, string, ReturnType<typeof parsePidStat>][] = [
    [
      'plain name',
      `29035 (cat) R 29033 29033 12488 ${TAIL}`,
      { pid: 29035, comm: 'cat', state: 'R', ppid: 29033, pgrp: 29033, utime: 250, stime: 37, threads: 1, starttime: 97867, rssPages: 413 },
    ],
    [
      'name with spaces and parentheses',
      `7 (a) b (c)) S 1 7 7 ${TAIL}`,
      { pid: 7, comm: 'a) b (c)', state: 'S', ppid: 1, pgrp: 7, utime: 250, stime: 37, threads: 1, starttime: 97867, rssPages: 413 },
    ],
    ['zombie with a trailing newline', `9 (z) Z 1 9 9 ${TAIL}\n`, { pid: 9, comm: 'z', state: 'Z', ppid: 1, pgrp: 9, utime: 250, stime: 37, threads: 1, starttime: 97867, rssPages: 413 }],
    ['truncated', '29035 (cat) R 29033', null],
    ['no name', '29035 cat R 29033 29033', null],
    ['empty', '', null],
  ];
  for (const [what, text, want] of cases) it(what, () => assert.deepEqual(parsePidStat(text), want));
});

describe('statm, status and meminfo', () => {
  it('statm', () => {
    assert.deepEqual(parseStatm('765 444 416 5 0 123 0\n'), { sizePages: 765, residentPages: 444, sharedPages: 416 });
    assert.equal(parseStatm('765 x'), null);
  });
  it('status: VmRSS and RssAnon in bytes', () => {
    const text = 'Name:\tgrep\nUmask:\t0022\nVmRSS:\t    1976 kB\nRssAnon:\t     156 kB\nThreads:\t1\n';
    assert.deepEqual(parseStatusMemory(text), { rss: 1976 * 1024, rssAnon: 156 * 1024 });
    assert.deepEqual(parseStatusMemory('Name:\tk\nVmRSS:\t1 kB\n'), { rss: 1024, rssAnon: null });
    assert.equal(parseStatusMemory('Name:\tkthreadd\nThreads:\t1\n'), null);
    assert.equal(parseKeyValues('Threads:\t3\n').get('Threads'), 3);
  });
  it('meminfo: MemAvailable, else free + cached + buffers', () => {
    const text = 'MemTotal:       24683664 kB\nMemFree:        23372772 kB\nMemAvailable:   23854216 kB\nBuffers:           15440 kB\nCached:           622140 kB\n';
    assert.deepEqual(parseMeminfo(text), { total: 24683664 * 1024, available: 23854216 * 1024 });
    assert.deepEqual(parseMeminfo('MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 1 kB\nCached: 5 kB\n'), { total: 102400, available: 16 * 1024 });
    assert.equal(parseMeminfo('nothing'), null);
  });
});

describe('/proc/stat', () => {
  const text = 'cpu  63753 42 13809 115936 832 0 103 136 0 0\ncpu0 31657 0 6589 58812 142 0 23 65 0 0\ncpu1 32096 41 7220 57123 690 0 79 70 0 0\nintr 841433 0 0\n';
  it('busy = user+nice+system+irq+softirq+steal; total adds idle and iowait', () => {
    const busy = 63753 + 42 + 13809 + 0 + 103 + 136;
    assert.deepEqual(parseCpuStat(text), { busy, total: busy + 115936 + 832, cpus: 2 });
  });
  it('refuses other text', () => assert.equal(parseCpuStat('intr 1 2 3\n'), null));
  it('host share between two readings', () => {
    const h = (busy: number, total: number) => ({ cpus: 2, cpu_busy: busy, cpu_total: total, mem_total: 0, mem_available: 0 });
    assert.equal(hostCpuShare(h(10, 100), h(15, 110)), 50);
    assert.equal(hostCpuShare(h(10, 100), h(10, 100)), 0);
  });
  it('process share of one core', () => {
    assert.equal(cpuShare(1, 1.5, 1), 50);
    assert.equal(cpuShare(1, 3, 1), 200);
    assert.equal(cpuShare(1, 0.5, 1), 0); // a reused pid: never negative
    assert.equal(cpuShare(1, 2, 0), 0);
  });
});

describe('process tree', () => {
  const index = childrenIndex([
    { pid: 10, ppid: 1 },
    { pid: 12, ppid: 10 },
    { pid: 11, ppid: 10 },
    { pid: 13, ppid: 11 },
    { pid: 20, ppid: 1 },
  ]);
  const kids = (p: number) => index.get(p) ?? [];
  it('indexes children in pid order', () => assert.deepEqual(index.get(10), [11, 12]));
  it('walks descendants depth-first', () => {
    assert.deepEqual(descendants(10, kids), [11, 13, 12]);
    assert.deepEqual(descendants(13, kids), []);
    assert.deepEqual(descendants(1, kids), [10, 11, 13, 12, 20]);
  });
  it('survives a cycle (pid reuse between reads)', () => {
    const cyc = childrenIndex([
      { pid: 2, ppid: 3 },
      { pid: 3, ppid: 2 },
    ]);
    assert.deepEqual(descendants(2, (p) => cyc.get(p) ?? []), [3]);
  });
  it('children files', () => {
    assert.deepEqual(parseChildrenList('20332 20595 20465 \n'), [20332, 20595, 20465]);
    assert.deepEqual(parseChildrenList(''), []);
  });
});

describe('sameTree (is a remembered process tree still right?)', () => {
  const st = (pid: number, ppid: number, starttime = pid * 10): PidStat => ({
    pid,
    comm: 'x',
    state: 'S',
    ppid,
    pgrp: 1,
    utime: 0,
    stime: 0,
    threads: 1,
    starttime,
    rssPages: 1,
  });
  // Root 100 → 101 → 102, and 100 → 103.
  const members = new Map([
    [101, 1010],
    [102, 1020],
    [103, 1030],
  ]);
  const cases: [string, ReadonlyMap<number, number>, (PidStat | null)[], boolean][] = [
    ['unchanged', members, [st(101, 100), st(102, 101), st(103, 100)], true],
    ['no children remembered, none read', new Map(), [], true],
    ['a member exited', members, [st(101, 100), null, st(103, 100)], false],
    ['a pid reused by another process (new starttime)', members, [st(101, 100), st(102, 101, 9999), st(103, 100)], false],
    ['a middle process died: its child reparented outside the tree', members, [st(101, 100), st(102, 1), st(103, 100)], false],
    ['moved to another parent inside the tree', members, [st(101, 100), st(102, 103), st(103, 100)], true],
    ['readings out of step with the members', members, [st(101, 100), st(103, 100)], false],
  ];
  for (const [what, m, readings, want] of cases) it(what, () => assert.equal(sameTree(100, m, readings), want));
});
