import { useEffect, useState } from 'react';

/**
 * A clock that ticks only while `active`: an idle view sets no timer at all.
 * With `align`, ticks land on multiples of the interval (uptimes change on
 * the second, not somewhere inside it).
 */
export function useClock(active: boolean, intervalMs: number, clock: () => number = Date.now, align = false): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!active) return;
    setNow(clock());
    let interval: NodeJS.Timeout | undefined;
    const tick = () => setNow(clock());
    const first = align ? intervalMs - (clock() % intervalMs) : intervalMs;
    const timeout = setTimeout(() => {
      tick();
      interval = setInterval(tick, intervalMs);
    }, first);
    return () => {
      clearTimeout(timeout);
      if (interval) clearInterval(interval);
    };
  }, [active, intervalMs, clock, align]);
  return now;
}
