// A real SMTP server for tests (the smtp-server package) that records every accepted message
// and can refuse the next N messages with a temporary error, as a flaky relay would.
import { SMTPServer } from "smtp-server";
import { decodeBody, decodeHeader, header } from "../../app/notifications/read-email";

export { header };

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  text: string;
  raw: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedEmail[];
  /** Refuses the next `count` messages with `responseCode` (451, temporary, unless told). */
  refuseNext(count: number, responseCode?: number, message?: string): void;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedEmail[] = [];
  let refuse = 0;
  let refusal = { responseCode: 451, message: "Try again later" };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refuse > 0) {
          refuse--;
          const error = Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeHeader(header(raw, "Subject")),
          messageId: header(raw, "Message-ID"),
          text: decodeBody(raw),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext: (count, responseCode = 451, message = "Try again later") => {
      refuse = count;
      refusal = { responseCode, message };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
