// Today's date for all date logic. ASSISTANT_TODAY=YYYY-MM-DD fixes it (demos, tests, evaluation).
export interface Clock {
  /** today as YYYY-MM-DD */
  today(): string;
  year(): number;
  /** the current instant (epoch ms) on this clock: reminders are due when it passes their time */
  now(): number;
  /** true for the machine's own clock (delayed jobs then fire by themselves, nothing to catch up) */
  readonly system?: boolean;
}

/** China's offset from UTC: every deadline and reminder hour is local time there. */
export const UTC8_MS = 8 * 3600_000;

const dateOf = (ms: number) => new Date(ms + UTC8_MS).toISOString().slice(0, 10);

export function fixedClock(date: string): Clock {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new Error(`ASSISTANT_TODAY must be YYYY-MM-DD, got "${date}"`);
  }
  // the fixed day at the machine's time of day (UTC+8), so that a reminder at 09:00 of that day comes due
  const now = () => Date.parse(`${date}T00:00:00+08:00`) + ((Date.now() + UTC8_MS) % 86_400_000);
  return { today: () => date, year: () => Number(date.slice(0, 4)), now };
}

/** Local calendar date in China (UTC+8), which is where every deadline is set. */
export function systemClock(): Clock {
  const today = () => dateOf(Date.now());
  return { today, year: () => Number(today().slice(0, 4)), now: () => Date.now(), system: true };
}

/** A clock that moves only when told (tests): starts at an ISO date-time, or a date at 00:00 UTC+8. */
export function manualClock(start: string): Clock & { set(at: string | number): void; advance(ms: number): void } {
  const parse = (at: string | number) =>
    typeof at === 'number' ? at : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T00:00:00+08:00` : at);
  let t = parse(start);
  if (Number.isNaN(t)) throw new Error(`bad clock start "${start}"`);
  return {
    today: () => dateOf(t),
    year: () => Number(dateOf(t).slice(0, 4)),
    now: () => t,
    set(at) {
      t = parse(at);
    },
    advance(ms) {
      t += ms;
    },
  };
}

export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  return env.ASSISTANT_TODAY ? fixedClock(env.ASSISTANT_TODAY) : systemClock();
}
