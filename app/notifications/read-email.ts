// Reads a raw message as a person would: headers unfolded, the subject's encoded words and the
// body's transfer encoding decoded. Used by the development mail catcher (the demo prints what
// it receives) and the tests' SMTP server.

/** One header of a raw message, unfolded. */
export function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const match = head.match(new RegExp(`^${name}:\\s*(.*)$`, "im"));
  return match ? match[1].trim() : "";
}

/** A header value with its RFC 2047 encoded words (`=?UTF-8?Q?...?=`) decoded. */
export function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === "b" ? Buffer.from(text, "base64").toString("utf8") : latin1ToUtf8(unescapeHex(text.replace(/_/g, " "))),
  );
}

/** The body of a single-part message, with quoted-printable or base64 decoded. */
export function decodeBody(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) return latin1ToUtf8(unescapeHex(body.replace(/=\r?\n/g, ""))).replace(/\r\n/g, "\n");
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body, "base64").toString("utf8").replace(/\r\n/g, "\n");
  return body.replace(/\r\n/g, "\n");
}

/** The message as the demo prints it: who, what, and the readable text. */
export function readableEmail(raw: string): string {
  const lines = ["From", "To", "Subject", "List-Unsubscribe"]
    .map((name) => [name, decodeHeader(header(raw, name))] as const)
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}: ${value}`);
  return `${lines.join("\n")}\n\n${decodeBody(raw).trimEnd()}\n`;
}

function unescapeHex(text: string): string {
  return text.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function latin1ToUtf8(bytes: string): string {
  return Buffer.from(bytes, "latin1").toString("utf8");
}
