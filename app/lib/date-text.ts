// Dates as the admin writes them: "Dec 7, 2026, 9:50 AM UTC" and "Dec 21, 2026". In UTC, so the
// server's render and the browser's hydration agree whatever the staff member's time zone.
const DATE_TIME = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** A moment: "Dec 7, 2026, 9:50 AM UTC". */
export function dateTimeText(at: Date | string): string {
  return `${DATE_TIME.format(new Date(at))} UTC`;
}

/** A day: "Dec 21, 2026". */
export function dayText(at: Date | string): string {
  return DAY.format(new Date(at));
}
