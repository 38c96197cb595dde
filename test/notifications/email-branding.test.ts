// The email branding form over real HTTP (the built app, a session token, a real database):
// every invalid field is named at once, each at its input, and nothing is saved; a good form saves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../helpers/stack";
import { adminRequest } from "../program/admin-http";

type BrandingResult = { intent: string; ok?: boolean; error?: string; fieldErrors?: Record<string, string> };

describe(`email branding form (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const post = (form: Record<string, string>) => adminRequest<BrandingResult>(stack.app.url, { shop: stack.shop, path: "/app/emails", route: "routes/app.emails", form: { intent: "branding", ...form } });
  const saved = () =>
    stack.db.prisma.shop.findUnique({ where: { id: stack.shop }, select: { emailLogoUrl: true, emailAccentColor: true, emailSenderName: true, emailReplyTo: true, primaryLocale: true } });

  it("reports a bad logo address, a colour that is not one, a sender name too long and a bad reply-to together, and saves none of them", async () => {
    const before = await saved();
    const res = await post({ logoUrl: "javascript:alert(1)", accentColor: "banana", senderName: "S".repeat(300), replyTo: "help@nordic", primaryLocale: "en" });
    expect(res.status).toBe(422);
    expect(res.data?.intent).toBe("branding");
    expect(res.data?.error).toBe("Nothing was saved: fix the highlighted fields.");
    expect(res.data?.fieldErrors).toEqual({
      logoUrl: "The logo must be served over https://",
      accentColor: "Enter a colour such as #1f5f4a",
      senderName: "The sender name is limited to 60 characters",
      replyTo: "Enter the email address replies should go to",
    });
    expect(await saved()).toEqual(before);
  });

  it("saves a good form", async () => {
    const res = await post({ logoUrl: "https://cdn.example.com/logo.png", accentColor: "#1f5f4a", senderName: "Nordic Trail Co", replyTo: "help@nordic-trail.example", primaryLocale: "en" });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ intent: "branding", ok: true });
    expect(await saved()).toMatchObject({ emailLogoUrl: "https://cdn.example.com/logo.png", emailAccentColor: "#1f5f4a", emailSenderName: "Nordic Trail Co", emailReplyTo: "help@nordic-trail.example" });
  });
});
