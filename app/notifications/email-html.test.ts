import { describe, expect, it } from "vitest";
import { renderEmailHtml } from "./email-html.server";
import { senderFor } from "./mailer.server";

const base = { subject: "Hi", body: "Hello <b>Ada</b> & co\n\nConfirm: https://app.example/verify?a=1&b=2", unsubscribeUrl: "https://app.example/u/x", locale: "de" };

describe("renderEmailHtml", () => {
  it("escapes the text, links URLs, and speaks the recipient's language around it", async () => {
    const html = await renderEmailHtml({ ...base, code: "FRIEND-1", codeExpiresOn: "31. Dezember 2026", branding: { shopName: "Acme <Shop>", logoUrl: null, accentColor: null } });
    expect(html).toContain("Hello &lt;b&gt;Ada&lt;/b&gt; &amp; co");
    expect(html).toContain('<a href="https://app.example/verify?a=1&amp;b=2"');
    expect(html).toContain("Acme &lt;Shop&gt;");
    expect(html).toContain("Ihr Code");
    expect(html).toContain("Gültig bis 31. Dezember 2026");
    expect(html).toContain("Abmelden");
    expect(html).toContain('lang="de"');
    expect(html).toContain("#1f5f4a");
  });

  it("uses the shop's https logo and colour, and ignores anything else", async () => {
    const branded = await renderEmailHtml({ ...base, branding: { shopName: "Acme", logoUrl: "https://cdn.example/logo.png", accentColor: "#B4232A" } });
    expect(branded).toContain('src="https://cdn.example/logo.png"');
    expect(branded).toContain("#B4232A");
    const hostile = await renderEmailHtml({ ...base, branding: { shopName: "Acme", logoUrl: 'javascript:alert(1)"', accentColor: "red;background:url(x)" } });
    expect(hostile).not.toContain("javascript:");
    expect(hostile).not.toContain("url(x)");
    expect(hostile).not.toContain("Ihr Code");
  });
});

describe("senderFor", () => {
  it("puts the shop's name on the app's own address, never another address", () => {
    expect(senderFor("Twofold <no-reply@twofold.local>", null)).toBe("Twofold <no-reply@twofold.local>");
    expect(senderFor("Twofold <no-reply@twofold.local>", 'Acme "Rewards" <evil@x.com>')).toEqual({ name: "Acme  Rewards   evil@x.com", address: "no-reply@twofold.local" });
    expect(senderFor("rewards@acme.com", "Acme")).toEqual({ name: "Acme", address: "rewards@acme.com" });
  });
});
