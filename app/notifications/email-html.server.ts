// The HTML part of every email: the same text as the plain part (the merchant's words with
// the placeholders filled), laid out by MJML as a responsive, branded message: the shop's
// logo, accent colour and name, the code in a box, the unsubscribe footer in the recipient's
// language. The admin preview calls this very function, so it shows what is sent.
import mjml2html from "mjml";
import { translate } from "../lib/i18n/i18n";

export interface EmailBranding {
  shopName: string;
  /** https URL of the shop's logo, or null for the shop name as a heading. */
  logoUrl: string | null;
  /** "#RRGGBB"; null for Twofold's green. */
  accentColor: string | null;
}

export const DEFAULT_ACCENT = "#1f5f4a";

export interface HtmlEmailInput {
  subject: string;
  /** The rendered text body (without the unsubscribe footer). */
  body: string;
  /** A code the email is about (friend or advocate code): shown once more in a box. */
  code?: string | null;
  /** When that code stops working, already formatted for the recipient. */
  codeExpiresOn?: string | null;
  unsubscribeUrl: string;
  locale: string;
  branding: EmailBranding;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** One paragraph of text as HTML: escaped, line breaks kept, http(s) links made clickable. */
function paragraphHtml(text: string): string {
  return escapeHtml(text)
    .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}" style="color:inherit">${url}</a>`)
    .replace(/\n/g, "<br />");
}

function safeColor(color: string | null): string {
  return color && /^#[0-9a-fA-F]{6}$/.test(color) ? color : DEFAULT_ACCENT;
}

function safeLogo(url: string | null): string | null {
  return url && /^https:\/\/[^\s"'<>]+$/.test(url) ? url : null;
}

/** The email as responsive HTML (MJML compiled to table layout with inlined styles). */
export async function renderEmailHtml(input: HtmlEmailInput): Promise<string> {
  const accent = safeColor(input.branding.accentColor);
  const logo = safeLogo(input.branding.logoUrl);
  const shopName = escapeHtml(input.branding.shopName);
  const paragraphs = input.body
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<mj-text>${paragraphHtml(p.trim())}</mj-text>`)
    .join("\n");
  const codeBox = input.code
    ? `<mj-section padding="0 24px"><mj-column border="2px dashed ${accent}" border-radius="8px" padding="12px">
        <mj-text align="center" font-size="13px" color="#555555" padding="4px">${escapeHtml(translate(input.locale, "email.yourCode"))}</mj-text>
        <mj-text align="center" font-size="24px" font-weight="700" letter-spacing="2px" color="${accent}" padding="4px" css-class="twofold-code">${escapeHtml(input.code)}</mj-text>
        ${input.codeExpiresOn ? `<mj-text align="center" font-size="13px" color="#555555" padding="4px">${escapeHtml(translate(input.locale, "email.expires", { date: input.codeExpiresOn }))}</mj-text>` : ""}
      </mj-column></mj-section>`
    : "";
  const header = logo
    ? `<mj-image src="${escapeHtml(logo)}" alt="${shopName}" width="160px" padding="16px 24px" />`
    : `<mj-text font-size="20px" font-weight="700" color="#ffffff" padding="16px 24px">${shopName}</mj-text>`;
  const source = `<mjml lang="${escapeHtml(input.locale)}">
  <mj-head>
    <mj-title>${escapeHtml(input.subject)}</mj-title>
    <mj-preview>${escapeHtml(input.body.trim().split("\n")[0] ?? "")}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, 'Hiragino Sans', 'Noto Sans JP', sans-serif" />
      <mj-text font-size="16px" line-height="1.5" color="#1a1a1a" padding="8px 24px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f5f7" width="600px">
    <mj-section background-color="${logo ? "#ffffff" : accent}" padding="0" border-radius="8px 8px 0 0"${logo ? ` border-bottom="4px solid ${accent}"` : ""}>
      <mj-column>${header}</mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="16px 0">
      <mj-column>
        ${paragraphs}
      </mj-column>
    </mj-section>
    ${codeBox ? codeBox.replace('<mj-section padding="0 24px">', '<mj-section background-color="#ffffff" padding="0 24px 24px">') : ""}
    <mj-section padding="16px 0">
      <mj-column>
        <mj-text font-size="12px" color="#6d7175" align="center">${escapeHtml(translate(input.locale, "email.footerHtml", { shop_name: input.branding.shopName }))}<br /><a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#6d7175">${escapeHtml(translate(input.locale, "email.unsubscribe"))}</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
  const result = await mjml2html(source, { validationLevel: "strict", keepComments: false });
  if (result.errors.length > 0) throw new Error(`email layout invalid: ${result.errors.map((e) => e.formattedMessage).join("; ")}`);
  return result.html;
}
