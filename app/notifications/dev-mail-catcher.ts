// Local mail catcher for development: an SMTP server on 127.0.0.1:1025 (or $PORT) that prints
// every message it receives. Run `npx tsx app/notifications/dev-mail-catcher.ts` and start the
// worker with SMTP_URL=smtp://127.0.0.1:1025.
import { SMTPServer } from "smtp-server";
import { readableEmail } from "./read-email";

const port = Number(process.env.PORT ?? 1025);
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const to = session.envelope.rcptTo.map((r) => r.address).join(", ");
      console.log(`\n──── message for ${to} ────\n${readableEmail(Buffer.concat(chunks).toString("utf8"))}`);
      callback();
    });
  },
});
server.listen(port, "127.0.0.1", () => console.log(`mail catcher listening on smtp://127.0.0.1:${port}`));
