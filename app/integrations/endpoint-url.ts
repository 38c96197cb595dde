// Which URLs a merchant may point outgoing webhooks at. https only, and no address inside our
// own network in production (SSRF): the check runs on the typed URL when it is saved and on
// every address DNS gives when a delivery connects (send-webhook.server.ts), so a name that
// later resolves to 10.0.0.5 is still refused.
import net from "node:net";

export const MAX_ENDPOINTS_PER_SHOP = 5;
export const MAX_URL_LENGTH = 2_000;

export interface UrlPolicy {
  /** Development or the sandbox: http://localhost and http://127.0.0.1 are allowed, private addresses too. */
  allowLocal: boolean;
}

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string };

const LOCAL_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function checkEndpointUrl(input: string, policy: UrlPolicy): UrlCheck {
  const text = input.trim();
  if (!text) return { ok: false, error: "Enter the URL your tool gave you, such as https://hooks.example.com/twofold." };
  if (text.length > MAX_URL_LENGTH) return { ok: false, error: `The URL is too long (at most ${MAX_URL_LENGTH} characters).` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: "That is not a URL. It should look like https://hooks.example.com/twofold." };
  }
  if (url.username || url.password) return { ok: false, error: "Leave the user name and password out of the URL: every delivery is signed with the endpoint's secret instead." };
  const local = LOCAL_NAMES.has(url.hostname);
  if (url.protocol === "http:" && !(local && policy.allowLocal)) return { ok: false, error: "The URL must start with https:// (deliveries carry your customers' ids and are only sent encrypted)." };
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, error: "The URL must start with https://." };
  if (!policy.allowLocal) {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (local || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal") || (net.isIP(host) && isPrivateAddress(host)) || !host.includes(".")) {
      return { ok: false, error: "The URL must be a public address on the internet, not a private, local or internal one." };
    }
  }
  url.hash = "";
  return { ok: true, url: url.toString() };
}

/** Loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const kind = net.isIP(address);
  if (kind === 4) return isPrivateV4(address);
  if (kind !== 6) return true; // not an address at all: refuse
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isPrivateV4(mapped[1]);
  if (lower === "::" || lower === "::1") return true;
  const first = parseInt(lower.split(":")[0] || "0", 16);
  return (first & 0xfe00) === 0xfc00 /* fc00::/7 */ || (first & 0xffc0) === 0xfe80 /* fe80::/10 */ || (first & 0xff00) === 0xff00 /* multicast */ || lower.startsWith("64:ff9b:") || lower.startsWith("2001:db8:");
}

function isPrivateV4(address: string): boolean {
  const [a, b] = address.split(".").map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}
