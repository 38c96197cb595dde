import { describe, expect, it } from "vitest";
import { defaultProgramConfig, storeCreditReadiness } from "./program-text";

describe("storeCreditReadiness and the default advocate reward", () => {
  it.each([
    [true, "success", /can spend store credit/, /new customer accounts/, "store_credit"],
    [false, "warning", /cannot spend store credit/, /classic customer accounts.*discount code bound to them/, "discount_code"],
    [null, "info", /needs new customer accounts/, /could not read/, "store_credit"],
  ] as const)("can spend: %s", (canSpend, tone, title, message, kind) => {
    const readiness = storeCreditReadiness(canSpend);
    expect(readiness).toMatchObject({ tone, defaultKind: kind });
    expect(readiness.title).toMatch(title);
    expect(readiness.message).toMatch(message);
    expect(defaultProgramConfig("USD", canSpend === null ? {} : { canSpendStoreCredit: canSpend }).advocateReward.kind).toBe(kind);
  });
});
