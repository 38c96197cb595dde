import { describe, expect, it } from "vitest";
import { customerGid, parseJsonKeepingBigIds } from "./json-ids";

describe("parseJsonKeepingBigIds", () => {
  it.each([
    ['{"id": 9007199254740993}', { id: "9007199254740993" }],
    ['{"ids":[12345678901234567890, 5]}', { ids: ["12345678901234567890", 5] }],
    ['{"id": 191167, "total": "404.95"}', { id: 191167, total: "404.95" }],
    ['{"note": "order 9007199254740993, thanks"}', { note: "order 9007199254740993, thanks" }],
    ['{"a": {"b": -9007199254740993}}', { a: { b: "-9007199254740993" } }],
  ])("%s", (raw, expected) => {
    expect(parseJsonKeepingBigIds(raw)).toEqual(expected);
  });

  it("builds customer gids from exact ids", () => {
    expect(customerGid("9007199254740993")).toBe("gid://shopify/Customer/9007199254740993");
  });
});
