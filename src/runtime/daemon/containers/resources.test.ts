import { describe, expect, it } from 'vitest';
import { buildResources } from './resources.ts';

describe('resources', () => {
  it('memory swap: twice the memory by default with swap accounting, -1 unlimited, none without accounting', () => {
    expect(buildResources({ Memory: 64 << 20 }, { swapAccounting: true }).memory).toEqual({ limit: 64 << 20, swap: 128 << 20 });
    expect(buildResources({ Memory: 64 << 20, MemorySwap: -1 }, { swapAccounting: true }).memory).toEqual({ limit: 64 << 20, swap: -1 });
    expect(buildResources({ Memory: 64 << 20, MemorySwap: 100 << 20 }, { swapAccounting: false }).memory).toEqual({ limit: 64 << 20 });
  });
  it('refuses contradictions', () => {
    expect(() => buildResources({ NanoCpus: 1e9, CpuQuota: 5000 }, { swapAccounting: true })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => buildResources({ Memory: 1024 }, { swapAccounting: true })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => buildResources({ Memory: 64 << 20, MemorySwap: 32 << 20 }, { swapAccounting: true })).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
  it('pids ≤ 0 is unlimited', () => {
    expect(buildResources({ PidsLimit: -1 }, { swapAccounting: true }).pids).toBeUndefined();
    expect(buildResources({ PidsLimit: 0 }, { swapAccounting: true }).pids).toBeUndefined();
  });
});
