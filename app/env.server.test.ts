import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, setting } from "./env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://twofold.example.com",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
}

describe("parseEnv", () => {
  it("accepts the minimum and fills defaults (SQLite, 4 workers)", () => {
    expect(parseEnv(valid)).toMatchObject({ DATABASE_URL: "file:./prisma/dev.sqlite", WORKER_CONCURRENCY: 4, NODE_ENV: "development" });
  });

  it.each([
    [{}, ["SHOPIFY_API_KEY is required", "SHOPIFY_API_SECRET is required", "SHOPIFY_APP_URL is required"]],
    [{ ...valid, SHOPIFY_APP_URL: "twofold.example.com" }, ["SHOPIFY_APP_URL must be a full URL"]],
    [{ ...valid, DATABASE_URL: "mysql://db" }, ["DATABASE_URL must start with file: (SQLite) or postgres://"]],
    [{ ...valid, SCOPES: "read_orders, write_discounts" }, ["SCOPES must be a comma-separated list"]],
    [{ ...valid, WORKER_CONCURRENCY: "2.5" }, ["WORKER_CONCURRENCY must be a whole number"]],
    [{ ...valid, SHOPIFY_SANDBOX_URL: "https://sandbox.example.com" }, ["SHOPIFY_SANDBOX_URL must point at the local sandbox"]],
  ])("reports each bad variable in words (%#)", (source, expected) => {
    const found = problems(source);
    expect(found).toHaveLength(expected.length);
    expected.forEach((text, i) => expect(found[i]).toContain(text));
  });

  it("accepts a sandbox on this machine", () => {
    expect(parseEnv({ ...valid, SHOPIFY_SANDBOX_URL: "http://127.0.0.1:3457" }).SHOPIFY_SANDBOX_URL).toBe("http://127.0.0.1:3457");
  });

  it("accepts a PostgreSQL URL", () => {
    expect(parseEnv({ ...valid, DATABASE_URL: "postgresql://u:p@db:5432/twofold" }).DATABASE_URL).toMatch(/^postgresql:/);
  });

  it("reads one setting without a whole environment, validated the same way", () => {
    expect(setting("SHOPIFY_SANDBOX_URL", {})).toBeUndefined();
    expect(setting("SHOPIFY_SANDBOX_URL", { SHOPIFY_SANDBOX_URL: "http://localhost:3457" })).toBe("http://localhost:3457");
    expect(setting("DATABASE_URL", {})).toBe("file:./prisma/dev.sqlite");
    expect(setting("WORKER_CONCURRENCY", { WORKER_CONCURRENCY: "8" })).toBe(8);
    expect(() => setting("SHOPIFY_SANDBOX_URL", { SHOPIFY_SANDBOX_URL: "https://sandbox.example.com" })).toThrow("SHOPIFY_SANDBOX_URL must point at the local sandbox");
    expect(() => setting("IP_HASH_SALT", { IP_HASH_SALT: "short" })).toThrow("IP_HASH_SALT must be at least 16 characters");
  });
});
