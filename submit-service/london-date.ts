// Made once: building an Intl formatter costs far more than using one.
const londonFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date where the police are, as YYYY-MM-DD, for "must be in the past". */
export function londonDate(now: Date): string {
  return londonFormat.format(now);
}

const londonClock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

/** The time now where the police are, as HH:MM:SS, for "a time today cannot be later than now". */
export function londonTime(now: Date): string {
  return londonClock.format(now);
}
