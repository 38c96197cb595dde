import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES, EMAIL_KINDS, PLACEHOLDERS, renderEmail, validateTemplate } from "./email-templates";

describe("email templates", () => {
  it.each(EMAIL_KINDS)("default %s template is valid and renders every placeholder", (kind) => {
    expect(validateTemplate(kind, { ...DEFAULT_TEMPLATES[kind], daysBefore: 7 })).toEqual({});
    const rendered = renderEmail(DEFAULT_TEMPLATES[kind], PLACEHOLDERS[kind]);
    expect(rendered.subject + rendered.body).not.toMatch(/\{\{|\}\}/);
  });

  it.each([
    ["{{ shop_name }} says hi", { shop_name: "Acme" }, "Acme says hi"],
    ["{{missing}}!", {}, "!"],
    ["Line\nbreak {{x}}", { x: "a\r\nBcc: evil@example.com" }, "Line break a Bcc: evil@example.com"],
  ])("renders subject %j", (subject, values, expected) => {
    expect(renderEmail({ subject, body: "" }, values).subject).toBe(expected);
  });

  it.each([
    ["friend_code", { subject: "", body: "{{discount_code}}" }, { subject: "The subject cannot be empty" }],
    ["friend_code", { subject: "Hi", body: "no code" }, { body: "The message must contain {{discount_code}} so the friend gets the code" }],
    ["reward_earned", { subject: "{{discount_code}}", body: "x" }, { subject: expect.stringContaining("Unknown placeholder {{discount_code}}") }],
    ["credit_expiring", { subject: "a", body: "b", daysBefore: 0 }, { daysBefore: "Choose between 1 and 90 days" }],
  ] as const)("%s %j → %j", (kind, input, problems) => {
    expect(validateTemplate(kind, input)).toEqual(problems);
  });
});
