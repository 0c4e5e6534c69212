// Today's date for all date logic. ASSISTANT_TODAY=YYYY-MM-DD fixes it (demos, tests, evaluation).
export interface Clock {
  /** today as YYYY-MM-DD */
  today(): string;
  year(): number;
}

export function fixedClock(date: string): Clock {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new Error(`ASSISTANT_TODAY must be YYYY-MM-DD, got "${date}"`);
  }
  return { today: () => date, year: () => Number(date.slice(0, 4)) };
}

/** Local calendar date in China (UTC+8), which is where every deadline is set. */
export function systemClock(): Clock {
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return { today, year: () => Number(today().slice(0, 4)) };
}

export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  return env.ASSISTANT_TODAY ? fixedClock(env.ASSISTANT_TODAY) : systemClock();
}
