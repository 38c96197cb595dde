import { describe, expect, it } from "vitest";
import { createUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from "./unsubscribe-token.server";

const SECRET = "app-secret";
const subject = { shop: "acme.myshopify.com", email: "Dave@Example.com " };
const token = createUnsubscribeToken(SECRET, subject);
const [version, body, signature] = token.split(".");
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const flip = (text: string) => (text[0] === "A" ? "B" : "A") + text.slice(1);

describe("unsubscribe tokens", () => {
  it("names the shop and the (lower-cased) address they were made for", () => {
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ shop: "acme.myshopify.com", email: "dave@example.com" });
    expect(unsubscribeUrl("https://app.example/", SECRET, subject)).toBe(`https://app.example/unsubscribe/${token}`);
  });

  it.each([
    ["another address, same signature", `${version}.${encode(["acme.myshopify.com", "eve@example.com"])}.${signature}`],
    ["another shop, same signature", `${version}.${encode(["other.myshopify.com", "dave@example.com"])}.${signature}`],
    ["a changed signature", `${version}.${body}.${flip(signature)}`],
    ["a shortened signature", `${version}.${body}.${signature.slice(0, 20)}`],
    ["another version", `v2.${body}.${signature}`],
    ["signed with another secret", createUnsubscribeToken("another-secret", subject)],
    ["no signature", `${version}.${body}`],
    ["garbage", "not-a-token"],
    ["empty", ""],
    ["too long", `${version}.${"A".repeat(2_000)}.${signature}`],
  ])("refuses %s", (_, forged) => {
    expect(verifyUnsubscribeToken(SECRET, forged)).toBeNull();
  });

  it("verifies nothing without a secret", () => {
    expect(verifyUnsubscribeToken("", token)).toBeNull();
    expect(() => createUnsubscribeToken("", subject)).toThrow();
  });
});
