import { describe, expect, it } from "vitest";
import { clientIp } from "../lib/ip-hash.server";
import { AttemptCounter } from "./rate-limit.server";

const xff = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-for": value });

describe("clientIp", () => {
  it("is the hop Shopify's proxy added (the last), never what the client put before it", () => {
    expect(clientIp(xff("203.0.113.9"))).toBe("203.0.113.9");
    expect(clientIp(xff("1.2.3.4, 5.6.7.8, 203.0.113.9"))).toBe("203.0.113.9");
    expect(clientIp(xff(" 10.0.0.1 ,203.0.113.9 "))).toBe("203.0.113.9");
  });

  it("skips the hops our own proxies append (TRUSTED_PROXY_HOPS)", () => {
    expect(clientIp(xff("1.2.3.4, 203.0.113.9, 10.1.1.1"), 1)).toBe("203.0.113.9");
    expect(clientIp(xff("203.0.113.9"), 1)).toBeNull();
  });

  it("has no identity without the header (X-Real-IP is not Shopify's and is ignored)", () => {
    expect(clientIp(xff())).toBeNull();
    expect(clientIp(new Headers({ "x-real-ip": "9.9.9.9" }))).toBeNull();
    expect(clientIp(xff(" , "))).toBeNull();
  });
});

describe("AttemptCounter", () => {
  it("tells the first refusal of a window apart, and starts again after it", () => {
    let now = 0;
    const counter = new AttemptCounter(() => now);
    const window = { limit: 2, windowMs: 1000 };
    expect([counter.check("k", window), counter.check("k", window), counter.check("k", window), counter.check("k", window)]).toEqual(["ok", "ok", "first_over", "over"]);
    now = 1000;
    expect(counter.check("k", window)).toBe("ok");
  });
});
