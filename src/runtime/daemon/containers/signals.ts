import { constants } from 'node:os';
import { containerError } from './container-errors.ts';

const BY_NAME: Readonly<Record<string, number>> = constants.signals as Readonly<Record<string, number>>;
const SIGRTMIN = 34;
const SIGRTMAX = 64;

/**
 * A signal as Docker accepts it (`SIGTERM`, `TERM`, `term`, `15`,
 * `SIGRTMIN+3`) → its number on Linux. Unknown signals are an error, before
 * anything is sent.
 */
export function parseSignal(text: string | number): number {
  if (typeof text === 'number') return checkNumber(text, String(text));
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return checkNumber(Number(trimmed), text);
  const upper = trimmed.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const rt = /^SIGRTM(IN|AX)([+-]\d+)?$/.exec(name);
  if (rt) {
    const base = rt[1] === 'IN' ? SIGRTMIN : SIGRTMAX;
    return checkNumber(base + Number(rt[2] ?? 0), text);
  }
  const number = BY_NAME[name];
  if (number === undefined) throw invalidSignal(text);
  return number;
}

/** `SIGTERM` for 15; `SIGRTMIN+3` style for real-time signals; the number as text otherwise. */
export function signalName(signal: number): string {
  for (const [name, number] of Object.entries(BY_NAME)) if (number === signal && name !== 'SIGIOT' && name !== 'SIGPOLL') return name;
  if (signal >= SIGRTMIN && signal <= SIGRTMAX) return signal === SIGRTMIN ? 'SIGRTMIN' : `SIGRTMIN+${signal - SIGRTMIN}`;
  return String(signal);
}

function checkNumber(n: number, original: string): number {
  if (!Number.isInteger(n) || n < 1 || n > SIGRTMAX) throw invalidSignal(original);
  return n;
}

function invalidSignal(text: string): Error {
  return containerError('STK5216', 'InvalidArgument', { message: `invalid signal: ${text}`, hint: 'Use a signal name such as SIGTERM, SIGINT, SIGHUP or SIGKILL, or its number.' });
}
