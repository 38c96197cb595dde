import { describe, expect, it } from "vitest";
import { CODE_PAYOUT_DEFAULTS, CODE_PAYOUT_PLACEHOLDERS, DEFAULT_TEMPLATES, EMAIL_KINDS, payoutValues, PLACEHOLDERS, renderEmail, templateForPayout, validateTemplate, type EmailKind } from "./email-templates";

describe("email templates", () => {
  it.each(EMAIL_KINDS)("default %s template is valid and renders every placeholder", (kind) => {
    expect(validateTemplate(kind, { ...DEFAULT_TEMPLATES[kind], daysBefore: 7 })).toEqual({});
    const rendered = renderEmail(DEFAULT_TEMPLATES[kind], PLACEHOLDERS[kind]);
    expect(rendered.subject + rendered.body).not.toMatch(/\{\{|\}\}/);
  });

  it.each([
    ["{{ shop_name }} says hi", { shop_name: "Acme" }, "Acme says hi"],
    ["{{missing}}!", {}, "!"],
    ["{{constructor}}{{__proto__}}{{ to_string }}!", {}, "!"],
    ["Line\nbreak {{x}}", { x: "a\r\nBcc: evil@example.com" }, "Line break a Bcc: evil@example.com"],
  ])("renders subject %j", (subject, values, expected) => {
    expect(renderEmail({ subject, body: "" }, values).subject).toBe(expected);
  });

  it.each([
    ["friend_code", { subject: "", body: "{{discount_code}}" }, { subject: "The subject cannot be empty" }],
    ["friend_code", { subject: "Hi", body: "no code" }, { body: "The message must contain {{discount_code}} so the friend gets the code" }],
    ["reward_earned", { subject: "{{discount_code}}", body: "x" }, { subject: expect.stringContaining("Unknown placeholder {{discount_code}}") }],
    ["reward_earned", { subject: "{{constructor}}", body: "x" }, { subject: expect.stringContaining("Unknown placeholder {{constructor}}") }],
    ["reward_earned", { subject: "a", body: "{{__proto__}}" }, { body: expect.stringContaining("Unknown placeholder {{__proto__}}") }],
    ["credit_expiring", { subject: "a", body: "b", daysBefore: 0 }, { daysBefore: "Choose between 1 and 90 days" }],
  ] as const)("%s %j → %j", (kind, input, problems) => {
    expect(validateTemplate(kind, input)).toEqual(problems);
  });

  describe("advocate payouts", () => {
    const credit = payoutValues({ paidAs: "store_credit", amount: "$10.00", expiresOn: null });
    const code = payoutValues({ paidAs: "discount_code", amount: "$10.00", code: "THANKS-ABC", expiresOn: "March 1, 2027" });

    it.each([
      ["store credit", credit, { reward_type: "store credit", reward_code: "", expires_on: "" }, /store credit, now in your account/, /code/i],
      ["a code", code, { reward_type: "discount code", reward_code: "THANKS-ABC", expires_on: "March 1, 2027" }, /discount code worth \$10\.00 .*THANKS-ABC[\s\S]*works until March 1, 2027/, /store credit/i],
    ] as const)("paid as %s: says so, and only so", (_, values, fields, says, neverSays) => {
      expect(values).toMatchObject(fields);
      expect(values.reward_summary).toMatch(says);
      expect(values.reward_summary).not.toMatch(neverSays);
      expect(values.milestone_bonus).not.toMatch(neverSays);
    });

    it("mentions a credit's expiry when it has one", () => {
      expect(payoutValues({ paidAs: "store_credit", amount: "$5.00", expiresOn: "May 2, 2027" }).reward_summary).toContain("It expires on May 2, 2027.");
    });

    it.each(["reward_earned", "milestone"] as const)("built-in %s text gives a code payout the code and never says store credit", (kind) => {
      const rendered = renderEmail(templateForPayout(kind, DEFAULT_TEMPLATES[kind], "discount_code"), CODE_PAYOUT_PLACEHOLDERS[kind]!);
      expect(rendered.body).toContain(CODE_PAYOUT_PLACEHOLDERS[kind]!.reward_code);
      expect(rendered.subject + rendered.body).not.toMatch(/store credit/i);
    });

    const oldCreditText = { subject: "You earned {{reward_amount}}", body: "{{reward_amount}} of store credit is now in your account." };
    it.each<[EmailKind, { subject: string; body: string }, "store_credit" | "discount_code", "merchant's" | "built-in"]>([
      ["reward_earned", oldCreditText, "store_credit", "merchant's"],
      ["reward_earned", oldCreditText, "discount_code", "built-in"],
      ["reward_earned", { subject: "Thanks", body: "Your code: {{ reward_code }}" }, "discount_code", "merchant's"],
      ["reward_earned", { subject: "Thanks", body: "{{reward_summary}}" }, "discount_code", "merchant's"],
      ["milestone", { subject: "Thanks", body: "As a thank you: {{milestone_bonus}}." }, "discount_code", "merchant's"],
      ["milestone", { subject: "Thanks", body: "Nothing about it" }, "discount_code", "built-in"],
      ["credit_expiring", { subject: "a", body: "b" }, "store_credit", "merchant's"],
      ["credit_expiring", { subject: "a", body: "b" }, "discount_code", "built-in"],
      ["credit_expiring", DEFAULT_TEMPLATES.credit_expiring, "discount_code", "built-in"],
      ["credit_expiring", { subject: "Soon", body: "{{reward_code}} ends {{expires_on}}" }, "discount_code", "merchant's"],
      ["friend_code", { subject: "a", body: "{{discount_code}}" }, "discount_code", "merchant's"],
    ])("%s %j paid as %s uses the %s text", (kind, template, paidAs, which) => {
      expect(templateForPayout(kind, template, paidAs)).toEqual(which === "built-in" ? (CODE_PAYOUT_DEFAULTS[kind] ?? DEFAULT_TEMPLATES[kind]) : template);
    });
  });
});
