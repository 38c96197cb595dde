import { describe, expect, it } from "vitest";
import { randomBase64Url } from "./random-id.server";

describe("randomBase64Url", () => {
  it("gives parts of the asked length that do not repeat, across pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const part = randomBase64Url(9);
      expect(part).toMatch(/^[A-Za-z0-9_-]{12}$/);
      seen.add(part);
    }
    expect(seen.size).toBe(2000);
    expect(randomBase64Url(1)).toMatch(/^[A-Za-z0-9_-]{2}$/);
    expect(() => randomBase64Url(0)).toThrow(RangeError);
    expect(() => randomBase64Url(257)).toThrow(RangeError);
  });
});
