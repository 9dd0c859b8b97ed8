import { useEffect, useState } from 'react';

/**
 * A clock that ticks only while `active` (a spinner is on screen): an idle
 * view sets no timer at all. `clock` must be a stable function.
 */
export function useClock(active: boolean, intervalMs: number, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!active) return;
    setNow(clock());
    const interval = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(interval);
  }, [active, intervalMs, clock]);
  return now;
}
