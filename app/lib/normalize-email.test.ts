import { describe, expect, it } from "vitest";
import { normalizeEmail } from "./normalize-email";

describe("normalizeEmail", () => {
  it("keeps the existing rules", () => {
    expect(normalizeEmail(" Ann+promo@Example.com ")).toBe("ann@example.com");
    expect(normalizeEmail("a.n.n@googlemail.com")).toBe("ann@gmail.com");
    expect(normalizeEmail("nope")).toBeNull();
    expect(normalizeEmail("@example.com")).toBeNull();
    expect(normalizeEmail("ann@")).toBeNull();
  });

  it("drops a trailing dot on the domain", () => {
    expect(normalizeEmail("ann@example.com.")).toBe("ann@example.com");
    expect(normalizeEmail("ann@example.com..")).toBe("ann@example.com");
    expect(normalizeEmail("ann@.")).toBeNull();
  });

  it("unquotes a quoted local part", () => {
    expect(normalizeEmail('"ann"@example.com')).toBe("ann@example.com");
    expect(normalizeEmail('"ann+x"@example.com')).toBe("ann@example.com");
    expect(normalizeEmail('""@example.com')).toBeNull();
  });

  it("removes zero-width and invisible characters", () => {
    expect(normalizeEmail("a\u200bnn@exam\u200dple.com")).toBe("ann@example.com");
    expect(normalizeEmail("\ufeffann@example.com\u2060")).toBe("ann@example.com");
    expect(normalizeEmail("an\u00adn@example.com")).toBe("ann@example.com");
  });
});
