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

function decodeSinglePart(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) return latin1ToUtf8(unescapeHex(body.replace(/=\r?\n/g, ""))).replace(/\r\n/g, "\n");
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8").replace(/\r\n/g, "\n");
  return body.replace(/\r\n/g, "\n");
}

/** The leaf parts of a message (multipart/* opened recursively), each with its content type and decoded body. */
export function mimeParts(raw: string): Array<{ type: string; body: string }> {
  const contentType = header(raw, "Content-Type");
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\//i.test(contentType) || !boundary) return [{ type: (contentType.split(";")[0] || "text/plain").toLowerCase(), body: decodeSinglePart(raw) }];
  const [, ...sections] = raw.split(`--${boundary}`);
  return sections
    .filter((section) => !section.startsWith("--"))
    .map((section) => section.replace(/^\r?\n/, ""))
    .flatMap((section) => mimeParts(section));
}

/** The plain-text body (the text/plain part of a multipart message), decoded. */
export function decodeBody(raw: string): string {
  const parts = mimeParts(raw);
  return (parts.find((p) => p.type === "text/plain") ?? parts[0]).body;
}

/** The HTML part, decoded, or null for a text-only message. */
export function decodeHtml(raw: string): string | null {
  return mimeParts(raw).find((p) => p.type === "text/html")?.body ?? null;
}

/** The message as the demo prints it: who, what, and the readable text (the HTML part is announced, not printed). */
export function readableEmail(raw: string): string {
  const lines = ["From", "Reply-To", "To", "Subject", "List-Unsubscribe"]
    .map((name) => [name, decodeHeader(header(raw, name))] as const)
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}: ${value}`);
  const html = decodeHtml(raw);
  return `${lines.join("\n")}\n\n${decodeBody(raw).trimEnd()}\n${html ? `\n[+ HTML part, ${Buffer.byteLength(html)} bytes]\n` : ""}`;
}

function unescapeHex(text: string): string {
  return text.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function latin1ToUtf8(bytes: string): string {
  return Buffer.from(bytes, "latin1").toString("utf8");
}
