import { describe, expect, it } from 'vitest';
import { buildRlimits, parseProcLimits, RLIM_INFINITY } from './rlimits.ts';

describe('rlimits', () => {
  const proc = 'Limit                     Soft Limit           Hard Limit           Units     \nMax open files            1024                 20000                files     \nMax core file size        0                    unlimited            bytes     \n';
  it('reads /proc/self/limits', () => {
    const limits = parseProcLimits(proc);
    expect(limits.get('RLIMIT_NOFILE')).toEqual({ soft: 1024, hard: 20000 });
    expect(limits.get('RLIMIT_CORE')).toEqual({ soft: 0, hard: RLIM_INFINITY });
  });
  it('clamps to our hard limit and refuses soft above hard or unknown names', () => {
    const limits = parseProcLimits(proc);
    expect(buildRlimits([{ Name: 'nofile', Soft: 65536, Hard: 65536 }], limits)).toEqual([{ type: 'RLIMIT_NOFILE', soft: 20000, hard: 20000 }]);
    expect(() => buildRlimits([{ Name: 'nofile', Soft: 10, Hard: 5 }], limits)).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => buildRlimits([{ Name: 'files', Soft: 1, Hard: 1 }], limits)).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
});
