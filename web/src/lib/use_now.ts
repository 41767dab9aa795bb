// The service's "now" for countdowns, re-rendered once a second by one shared timer (a
// display tick, not a request) and at once when the service clock is re-synchronised.
import { useEffect, useState } from 'preact/hooks';
import { serverClock } from './clock';

const tickers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

export function useNow(): number {
  const [now, setNow] = useState(() => serverClock.now());
  useEffect(() => {
    const update = () => setNow(serverClock.now());
    tickers.add(update);
    if (timer === null) timer = setInterval(() => tickers.forEach((t) => t()), 1000);
    const off = serverClock.onChange(update);
    return () => {
      off();
      tickers.delete(update);
      if (tickers.size === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    };
  }, []);
  return now;
}
