// Made once: building an Intl formatter costs far more than using one.
const londonFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date where the police are, as YYYY-MM-DD, for "must be in the past". */
export function londonDate(now: Date): string {
  return londonFormat.format(now);
}
