import { describe, expect, it } from "vitest";
import { signPair } from "../lib/signed-pair-token";
import { createUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from "./unsubscribe-token.server";

const SECRET = "app-secret";
const subject = { shop: "acme.myshopify.com", email: "Dave@Example.com " };
const token = createUnsubscribeToken(SECRET, subject);
const [version, body] = token.split(".");
const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
/** A link sent before tokens were sealed (v1: the pair in readable base64, signed). */
const legacy = signPair(SECRET, { purpose: "unsubscribe-token", version: "v1", maxLength: 1_024 }, ["acme.myshopify.com", "dave@example.com"]);
const [legacyVersion, legacyBody, legacySignature] = legacy.split(".");
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("unsubscribe tokens", () => {
  it("names the shop and the (lower-cased) address they were made for", () => {
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ shop: "acme.myshopify.com", email: "dave@example.com" });
    expect(unsubscribeUrl("https://app.example/", SECRET, subject)).toMatch(/^https:\/\/app\.example\/unsubscribe\/u2\.[A-Za-z0-9_-]+$/);
  });

  it("reveals nothing of the shop or the address (sealed, and different each time)", () => {
    const decoded = Buffer.from(body, "base64url").toString("latin1").toLowerCase();
    for (const part of ["dave", "example", "acme"]) {
      expect(token.toLowerCase()).not.toContain(part);
      expect(decoded).not.toContain(part);
    }
    expect(createUnsubscribeToken(SECRET, subject)).not.toBe(token);
  });

  it("still honours links sent before tokens were sealed", () => {
    expect(verifyUnsubscribeToken(SECRET, legacy)).toEqual({ shop: "acme.myshopify.com", email: "dave@example.com" });
    expect(verifyUnsubscribeToken(SECRET, `${legacyVersion}.${encode(["acme.myshopify.com", "eve@example.com"])}.${legacySignature}`)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, `${legacyVersion}.${legacyBody}.${flip(legacySignature, 0)}`)).toBeNull();
  });

  it.each([
    ["a changed byte in the middle", `${version}.${flip(body, 20)}`],
    ["a changed tag", `${version}.${flip(body, body.length - 3)}`],
    ["a shortened body", `${version}.${body.slice(0, 30)}`],
    ["another version", `v9.${body}`],
    ["sealed with another secret", createUnsubscribeToken("another-secret", subject)],
    ["an extra part", `${token}.AAAA`],
    ["garbage", "not-a-token"],
    ["empty", ""],
    ["too long", `${version}.${"A".repeat(2_000)}`],
  ])("refuses %s", (_, forged) => {
    expect(verifyUnsubscribeToken(SECRET, forged)).toBeNull();
  });

  it("verifies nothing without a secret", () => {
    expect(verifyUnsubscribeToken("", token)).toBeNull();
    expect(() => createUnsubscribeToken("", subject)).toThrow();
  });
});
