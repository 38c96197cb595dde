// The shape of a referral program's incentive configuration: one zod schema shared by the
// admin form, the server and every reader of a ProgramVersion (storefront, order pipeline).
// Money is integer minor units in the shop's currency; percentages allow two decimals.
import { z } from "zod";
import { SUPPORTED_LOCALES } from "../lib/i18n/locales";

const MAX_MINOR = 100_000_000; // 1,000,000.00 in a 2-decimal currency: a sane upper bound
const minor = (what: string) =>
  z
    .number({ invalid_type_error: `${what} must be a number` })
    .int(`${what} must be a whole number of minor units`)
    .positive(`${what} must be more than zero`)
    .max(MAX_MINOR, `${what} is too large`);
// A choice the merchant makes from a list: one message whatever was sent instead.
const choose = (message: string) => ({ errorMap: () => ({ message }) });
const optionalMinor = (what: string) => minor(what).nullable().default(null);
const percent = (what: string) =>
  z
    .number({ invalid_type_error: `${what} must be a number` })
    .min(1, `${what} must be between 1 and 100`)
    .max(100, `${what} must be between 1 and 100`)
    .refine((v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, `${what} can have at most two decimals`);
const days = (what: string, max: number) =>
  z.number({ invalid_type_error: `${what} must be a number of days` }).int(`${what} must be a whole number of days`).min(0, `${what} cannot be negative`).max(max, `${what} can be at most ${max} days`);

export const combinesWithSchema = z.object({
  orderDiscounts: z.boolean().default(false),
  productDiscounts: z.boolean().default(false),
  shippingDiscounts: z.boolean().default(false),
});

export const friendRewardSchema = z
  .object({
    type: z.enum(["percentage", "fixed_amount", "free_shipping"], choose("Choose the friend's reward: percentage, fixed amount or free shipping")),
    percent: percent("The friend's discount").optional(),
    amountMinor: minor("The friend's discount").optional(),
    minimumSubtotalMinor: optionalMinor("The minimum order subtotal"),
    codeExpiryDays: days("The code's validity", 365).min(1, "The code must be valid for at least 1 day").nullable().default(30),
    combinesWith: combinesWithSchema.default({}),
    // instant: the friend claims a code before buying; after_first_order: the order webhook
    // issues a code for the friend's next order.
    issueMode: z.enum(["instant", "after_first_order"], choose("Choose when the friend gets the code")).default("instant"),
  })
  .superRefine((v, ctx) => {
    if (v.type === "percentage" && v.percent == null) ctx.addIssue({ code: "custom", path: ["percent"], message: "Enter the friend's discount percentage" });
    if (v.type === "fixed_amount" && v.amountMinor == null) ctx.addIssue({ code: "custom", path: ["amountMinor"], message: "Enter the friend's discount amount" });
  });

export const advocateRewardSchema = z
  .object({
    // store_credit needs new customer accounts to be spendable; discount_code is the fallback.
    kind: z.enum(["store_credit", "discount_code"], choose("Choose store credit or a discount code")).default("store_credit"),
    type: z.enum(["fixed_amount", "percentage"], choose("Choose a fixed amount or a percentage of the friend's order")),
    amountMinor: minor("The advocate's reward").optional(),
    percent: percent("The advocate's percentage").optional(),
    capMinor: minor("The cap").optional(),
    creditExpiryDays: days("The credit's validity", 3650).min(1, "Credit must be valid for at least 1 day").nullable().default(null),
    holdDays: days("The hold period", 120).default(14),
    firstOrderOnly: z.boolean().default(true),
    minimumOrderMinor: optionalMinor("The minimum order value"),
    // A guest advocate (an email, no account) is paid on the Shopify customer with that email,
    // created when there is none (the terms say so). Off: such rewards fail, for staff to decide.
    createGuestCustomers: z.boolean().default(true),
    // What a reversal could not take back (a used code, spent credit) is "owed": on, it is
    // deducted from the advocate's next rewards (the terms say so); off, staff settle it.
    recoverOwed: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    if (v.type === "fixed_amount" && v.amountMinor == null) ctx.addIssue({ code: "custom", path: ["amountMinor"], message: "Enter the advocate's reward amount" });
    if (v.type === "percentage") {
      if (v.percent == null) ctx.addIssue({ code: "custom", path: ["percent"], message: "Enter the advocate's percentage of the friend's order" });
      if (v.capMinor == null) ctx.addIssue({ code: "custom", path: ["capMinor"], message: "A percentage reward needs a maximum amount (cap)" });
    }
  });

export const limitsSchema = z.object({
  maxRewardsPerAdvocatePerMonth: z.number({ invalid_type_error: "Must be a number" }).int("Must be a whole number").positive("Must be at least 1").max(10_000, "Must be at most 10,000").nullable().default(null),
  monthlyBudgetMinor: optionalMinor("The monthly budget"),
  // What happens to a reward that would break a limit.
  onLimit: z.enum(["hold_for_review", "skip"], choose("Choose what happens when a limit is reached")).default("hold_for_review"),
});

export const milestoneSchema = z.object({
  referrals: z.number({ invalid_type_error: "Enter a number of referrals" }).int("Must be a whole number").min(2, "A milestone starts at 2 referrals").max(10_000, "Must be at most 10,000"),
  bonusMinor: minor("The milestone bonus"),
});

export const programConfigSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, "Currency must be a 3-letter code such as USD"),
    friendReward: friendRewardSchema,
    advocateReward: advocateRewardSchema,
    limits: limitsSchema.default({}),
    milestones: z.array(milestoneSchema).max(10, "At most 10 milestones").default([]),
    terms: z.string().trim().min(1, "Program terms cannot be empty").max(5000, "Program terms are limited to 5,000 characters"),
    shareMessage: z
      .string()
      .trim()
      .min(1, "The share message cannot be empty")
      .max(500, "The share message is limited to 500 characters")
      .refine((m) => m.includes("{{link}}"), "The share message must contain {{link}}"),
    // The merchant's own words in other languages than the shop's primary one (terms and share
    // message above): shoppers in a language without an entry read the primary text.
    translations: z
      .record(
        z.string(),
        z.object({
          terms: z.string().trim().max(5000, "Program terms are limited to 5,000 characters").optional(),
          shareMessage: z
            .string()
            .trim()
            .max(500, "The share message is limited to 500 characters")
            .refine((m) => m === "" || m.includes("{{link}}"), "The share message must contain {{link}}")
            .optional(),
        }),
      )
      .default({}),
  })
  .superRefine((v, ctx) => {
    for (const locale of Object.keys(v.translations)) {
      if (!(SUPPORTED_LOCALES as readonly string[]).includes(locale)) ctx.addIssue({ code: "custom", path: ["translations", locale], message: `Twofold has no "${locale}" language` });
    }
    const seen = new Set<number>();
    v.milestones.forEach((m, i) => {
      if (seen.has(m.referrals)) ctx.addIssue({ code: "custom", path: ["milestones", i, "referrals"], message: "Two milestones have the same number of referrals" });
      seen.add(m.referrals);
    });
  });

export type ProgramConfig = z.output<typeof programConfigSchema>;
export type ProgramConfigInput = z.input<typeof programConfigSchema>;
export type FriendReward = ProgramConfig["friendReward"];
export type AdvocateReward = ProgramConfig["advocateReward"];

/** Parses a stored ProgramVersion.config (already validated when saved). */
export function readProgramConfig(json: unknown): ProgramConfig {
  return programConfigSchema.parse(json);
}
