// A small HTML page of its own (no Remix, no Polaris) for the public links in shoppers' emails
// (/unsubscribe/:token, /verify-claim/:token): a title, a few lines and at most a button, never
// cached, never indexed, and no referrer leaks the token.

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `title` is escaped here; `body` is HTML the caller built (escape what it interpolates). */
export function plainPage(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}button{font:inherit;padding:.6rem 1.2rem;border-radius:.5rem;border:0;background:#1a1a1a;color:#fff;cursor:pointer}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" } });
}

/** The answer to anything but POST on a page whose action only takes the form's POST. */
export const postOnly = () => plainPage(405, "Not allowed", "<p>Use the link in the email.</p>");
