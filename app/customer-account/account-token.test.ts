import { describe, expect, it } from "vitest";
import { checkAccountToken, shopFromDest } from "./account-token";

const KEY = "api-key";
const good = { aud: KEY, dest: "acme.myshopify.com", sub: "gid://shopify/Customer/42" };

describe("checkAccountToken", () => {
  it("accepts the app's token for a customer of a shop", () => {
    expect(checkAccountToken(good, KEY)).toEqual({ ok: true, shop: "acme.myshopify.com", customerGid: "gid://shopify/Customer/42" });
    expect(checkAccountToken({ ...good, dest: "https://ACME.myshopify.com" }, KEY)).toMatchObject({ ok: true, shop: "acme.myshopify.com" });
  });

  it.each([
    ["another app's audience", { ...good, aud: "other-key" }, 401, "wrong_audience"],
    ["no audience", { ...good, aud: undefined }, 401, "wrong_audience"],
    ["no dest", { ...good, dest: undefined }, 403, "bad_destination"],
    ["a custom domain", { ...good, dest: "shop.example.com" }, 403, "bad_destination"],
    ["dest with a path trick", { ...good, dest: "evil.com/acme.myshopify.com" }, 403, "bad_destination"],
    ["no customer (sub missing)", { ...good, sub: undefined }, 403, "not_a_customer"],
    ["a staff user id", { ...good, sub: "1" }, 403, "not_a_customer"],
    ["another resource's GID", { ...good, sub: "gid://shopify/Order/42" }, 403, "not_a_customer"],
  ])("refuses %s", (_name, payload, status, reason) => {
    expect(checkAccountToken(payload, KEY)).toEqual({ ok: false, status, reason });
  });
});

describe("shopFromDest", () => {
  it("reads the host of dest, lower-cased", () => {
    expect(shopFromDest("https://a-b.myshopify.com")).toBe("a-b.myshopify.com");
    expect(shopFromDest(42)).toBeNull();
    expect(shopFromDest("not a url at all")).toBeNull();
  });
});
