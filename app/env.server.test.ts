import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, setting, settingIfSet } from "./env.server";

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
    [{ ...valid, TWOFOLD_FAIR_QUEUE: "yes" }, ["TWOFOLD_FAIR_QUEUE must be 1 (claim jobs in turns across shops) or 0"]],
    [{ ...valid, TWOFOLD_SHOP_CONCURRENCY: "two" }, ["TWOFOLD_SHOP_CONCURRENCY must be a whole number"]],
    [{ ...valid, TWOFOLD_CREDIT_TIMEOUT_MS: "2500.5" }, ["TWOFOLD_CREDIT_TIMEOUT_MS must be a whole number of milliseconds"]],
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

  it("fills the defaults of the job queue and store-credit settings", () => {
    expect(setting("TWOFOLD_CREDIT_TIMEOUT_MS", {})).toBe(10_000);
    expect(setting("TWOFOLD_CREDIT_TIMEOUT_MS", { TWOFOLD_CREDIT_TIMEOUT_MS: "3000" })).toBe(3_000);
    expect(setting("TWOFOLD_SHOP_CONCURRENCY", {})).toBe(4);
    expect(setting("TWOFOLD_FAIR_QUEUE", {})).toBeUndefined();
    expect(setting("TWOFOLD_FAIR_QUEUE", { TWOFOLD_FAIR_QUEUE: "1" })).toBe("1");
  });

  it("reads an optional setting as unset when it is empty, and checks it when it is there", () => {
    expect(settingIfSet("SHOPIFY_API_SECRET", {})).toBeUndefined();
    expect(settingIfSet("SMTP_URL", { SMTP_URL: "" })).toBeUndefined();
    expect(settingIfSet("SHOPIFY_APP_URL", { SHOPIFY_APP_URL: "https://twofold.example.com" })).toBe("https://twofold.example.com");
    expect(() => settingIfSet("SHOPIFY_APP_URL", { SHOPIFY_APP_URL: "twofold.example.com" })).toThrow("SHOPIFY_APP_URL must be a full URL");
  });
});
