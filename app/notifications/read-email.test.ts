import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { readableEmail } from "./read-email";

describe("readableEmail", () => {
  it("prints a message nodemailer encoded (quoted-printable, encoded-word subject) as plain text", async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "\r\n" });
    const text = `Ana, you earned 15,00 € at Café Lumière. Use it at checkout: ${"https://shop.example/account?x=1&y=2 ".repeat(3)}\n\nThanks!`;
    const { message } = await transport.sendMail({
      from: "Café Lumière <shop@example.com>",
      to: "ana@example.com",
      subject: "Vous avez gagné 15,00 € chez Café Lumière",
      text,
    });
    const raw = (message as Buffer).toString("utf8");
    expect(raw).toMatch(/=\r\n|=C3=A9/); // the wire form really is encoded
    const shown = readableEmail(raw);
    expect(shown).toContain("Subject: Vous avez gagné 15,00 € chez Café Lumière");
    expect(shown).toContain("To: ana@example.com");
    expect(shown).toContain(text);
    expect(shown).not.toMatch(/=\n|=C3|=3D/);
  });
});
