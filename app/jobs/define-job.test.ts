import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { createJobRegistry, defineJob, parseJobPayload } from "./define-job";

const issueReward = defineJob({
  name: "rewards.issue",
  payload: z.object({ rewardId: z.string().min(1), amountMinor: z.number().int().nonnegative() }),
  handler: async () => {},
});

describe("parseJobPayload", () => {
  it.each([
    ['{"rewardId":"r1","amountMinor":500}', { ok: true, payload: { rewardId: "r1", amountMinor: 500 } }],
    ['{"rewardId":"r1","amountMinor":5.5}', { ok: false, error: 'invalid payload for job "rewards.issue": amountMinor: Expected integer, received float' }],
    ['{"amountMinor":1}', { ok: false, error: 'invalid payload for job "rewards.issue": rewardId: Required' }],
    ["null", { ok: false, error: 'invalid payload for job "rewards.issue": (payload): Expected object, received null' }],
    ["{not json", { ok: false, error: 'invalid payload for job "rewards.issue": not JSON' }],
  ])("%s", (raw, expected) => {
    expect(parseJobPayload(issueReward, raw)).toEqual(expected);
  });
});

describe("job registry", () => {
  it("refuses two jobs with one name and odd names", () => {
    expect(() => createJobRegistry([issueReward, issueReward])).toThrow('job "rewards.issue" is defined twice');
    expect(() => defineJob({ name: "has space", payload: z.object({}), handler: async () => {} })).toThrow(/must be letters/);
    expect([...createJobRegistry([issueReward]).keys()]).toEqual(["rewards.issue"]);
  });
});

/** The queue's enqueue, as a type only (no database client is loaded here). */
type Enqueue = typeof import("./queue.server").enqueue<typeof issueReward.payload>;

describe("enqueue's signature", () => {
  it("takes a job definition, never a job name (asserted by the type checker: npm run typecheck)", () => {
    expectTypeOf<string>().not.toMatchTypeOf<Parameters<Enqueue>[1]>();
    const definition: Parameters<Enqueue>[1] = issueReward;
    expect(definition.name).toBe("rewards.issue");
  });
});
