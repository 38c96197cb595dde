// Local mail catcher for development: an SMTP server on 127.0.0.1:1025 (or $PORT) that prints
// every message it receives. Run `npx tsx app/notifications/dev-mail-catcher.ts` and start the
// worker with SMTP_URL=smtp://127.0.0.1:1025. With MAIL_DIR set, each message is also kept
// there as <n>.eml and its HTML part as <n>.html, to open in a browser.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { setting } from "../env.server";
import { decodeHtml, readableEmail } from "./read-email";

const port = setting("PORT") ?? 1025;
const mailDir = setting("MAIL_DIR");
if (mailDir) mkdirSync(mailDir, { recursive: true });
let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const to = session.envelope.rcptTo.map((r) => r.address).join(", ");
      count++;
      if (mailDir) {
        writeFileSync(path.join(mailDir, `${count}.eml`), raw);
        const html = decodeHtml(raw);
        if (html) writeFileSync(path.join(mailDir, `${count}.html`), html);
      }
      console.log(`\n──── message for ${to} ────\n${readableEmail(raw)}`);
      callback();
    });
  },
});
server.listen(port, "127.0.0.1", () => console.log(`mail catcher listening on smtp://127.0.0.1:${port}`));
