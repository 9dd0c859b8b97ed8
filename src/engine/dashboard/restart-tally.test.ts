import { describe, expect, it } from 'vitest';
import { RestartTally } from './restart-tally.ts';

describe('RestartTally', () => {
  it('starts from the runtime\'s count and adds what the restart policy adds between two looks', () => {
    const tally = new RestartTally();
    expect(tally.observe('a', 2)).toBe(2);
    expect(tally.observe('a', 2)).toBe(2);
    expect(tally.observe('a', 5)).toBe(5);
  });

  it('counts a restart asked for, though Docker resets its own count then', () => {
    const tally = new RestartTally();
    tally.observe('a', 3);
    // A restart is a stop and a start (the start resets RestartCount, the inspect after it says 0), then the `restart` event.
    expect(tally.observe('a', 0)).toBe(3);
    expect(tally.restarted('a')).toBe(4);
    // Later policy restarts count from the reset.
    expect(tally.observe('a', 1)).toBe(5);
  });

  it('forgets a removed container', () => {
    const tally = new RestartTally();
    tally.restarted('a');
    tally.forget('a');
    expect(tally.get('a')).toBeUndefined();
    expect(tally.observe('a', 0)).toBe(0);
  });
});
