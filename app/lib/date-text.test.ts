import { describe, expect, it } from "vitest";
import { dateTimeText, dayText } from "./date-text";

describe("admin dates", () => {
  it.each([
    ["2026-12-07T09:50:30.316Z", "Dec 7, 2026, 9:50 AM UTC", "Dec 7, 2026"],
    ["2026-12-21T23:59:59.999Z", "Dec 21, 2026, 11:59 PM UTC", "Dec 21, 2026"],
  ])("%s reads %s", (iso, moment, day) => {
    expect(dateTimeText(iso)).toBe(moment);
    expect(dateTimeText(new Date(iso))).toBe(moment);
    expect(dayText(iso)).toBe(day);
  });
});
