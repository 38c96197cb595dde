import { describe, expect, it } from "vitest";
import { retryDelayMs, RETRY_CAP_MS } from "./deliver-webhook.job.server";
import { checkEndpointUrl, isPrivateAddress } from "./endpoint-url";
import { referralEventType, rewardEventType } from "./event-types";
import { signatureHeader, verifySignatureHeader } from "./signature";

const production = { allowLocal: false };
const sandbox = { allowLocal: true };

describe("endpoint URLs", () => {
  it.each([
    ["https://hooks.example.com/twofold", production, "https://hooks.example.com/twofold"],
    ["  https://hooks.example.com/a?b=1#frag ", production, "https://hooks.example.com/a?b=1"],
    ["http://127.0.0.1:8080/hook", sandbox, "http://127.0.0.1:8080/hook"],
    ["http://localhost/hook", sandbox, "http://localhost/hook"],
  ])("accepts %s", (input, policy, url) => {
    expect(checkEndpointUrl(input, policy)).toEqual({ ok: true, url });
  });

  it.each([
    ["", production, /Enter the URL/],
    ["not a url", production, /not a URL/],
    ["http://hooks.example.com/twofold", production, /must start with https/],
    ["http://hooks.example.com/twofold", sandbox, /must start with https/],
    ["ftp://hooks.example.com/", production, /must start with https/],
    ["http://localhost/hook", production, /must start with https/],
    ["https://localhost/hook", production, /public address/],
    ["https://10.1.2.3/hook", production, /public address/],
    ["https://169.254.169.254/latest/meta-data", production, /public address/],
    ["https://[fd00::1]/hook", production, /public address/],
    ["https://[::ffff:192.168.1.1]/hook", production, /public address/],
    ["https://intranet/hook", production, /public address/],
    ["https://db.internal/hook", production, /public address/],
    ["https://user:pw@hooks.example.com/", production, /user name and password/],
    [`https://hooks.example.com/${"a".repeat(2100)}`, production, /too long/],
  ])("refuses %s with a clear message", (input, policy, message) => {
    const result = checkEndpointUrl(input, policy);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it.each([
    ["127.0.0.1", true],
    ["10.0.0.5", true],
    ["172.16.0.1", true],
    ["172.32.0.1", false],
    ["192.168.0.1", true],
    ["100.64.0.1", true],
    ["169.254.1.1", true],
    ["0.0.0.0", true],
    ["8.8.8.8", false],
    ["::1", true],
    ["fe80::1", true],
    ["fc00::1", true],
    ["::ffff:10.0.0.1", true],
    ["2606:4700::1111", false],
  ])("%s is private: %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe("signatures", () => {
  const body = JSON.stringify({ id: "evt_1", type: "test.ping" });
  it("signs t.body with HMAC-SHA256 and verifies it, within five minutes only", () => {
    const header = signatureHeader("whsec_abc", body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignatureHeader("whsec_abc", body, header, 1_800_000_100)).toBe(true);
    expect(verifySignatureHeader("whsec_abc", body, header, 1_800_000_000 + 301)).toBe(false);
    expect(verifySignatureHeader("whsec_other", body, header, 1_800_000_100)).toBe(false);
    expect(verifySignatureHeader("whsec_abc", `${body} `, header, 1_800_000_100)).toBe(false);
    expect(verifySignatureHeader("whsec_abc", body, header.replace(/v1=../, "v1=00"), 1_800_000_100)).toBe(false);
    expect(verifySignatureHeader("whsec_abc", body, null)).toBe(false);
  });
});

describe("which moves are events", () => {
  it("maps referral and reward moves", () => {
    expect(["claimed", "ordered", "qualified", "held", "rejected", "cancelled"].map(referralEventType)).toEqual([null, null, "referral.qualified", "referral.flagged", "referral.rejected", "referral.cancelled"]);
    expect(rewardEventType(["issuing"], "issued")).toBe("reward.issued");
    expect(rewardEventType(["issued"], "issued")).toBe("reward.reversed");
    expect(rewardEventType(["issued"], "reversed")).toBe("reward.reversed");
    expect(rewardEventType(["pending"], "issuing")).toBeNull();
    expect(rewardEventType(["held"], "cancelled")).toBeNull();
  });
});

describe("retry delays", () => {
  it("double from the base, half random, capped", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 60_000, () => 0))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(1, 60_000, () => 0.999999)).toBeLessThanOrEqual(60_000);
    expect(retryDelayMs(40, 60_000, () => 1)).toBe(RETRY_CAP_MS);
  });
});
