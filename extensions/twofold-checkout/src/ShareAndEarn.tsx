// "Share and earn" on the thank-you and order-status pages: the buyer's own referral link,
// what the friend gets and what the buyer earns, copy and share. Renders nothing when the
// program is off or the buyer cannot be identified (no noise on the merchant's checkout).
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { APP_URL } from "../../shared/app-request";
import { fetchCheckoutLink, shareLinks, type CheckoutLink } from "./fetch-link";

export default function extension() {
  render(<ShareAndEarn />, document.body);
}

// Fixed words from locales/*.json in the buyer's checkout language; the offer and reward
// sentences come from the app already in that language (the locale is sent with the request).
const t = (key: string, options?: Record<string, string | number>) => String(shopify.i18n.translate(key, options));

type View = { kind: "loading" } | { kind: "ready"; link: CheckoutLink } | { kind: "hidden" };

function guestEmail(): string | null {
  // Thank-you page only (customer accounts always have a logged-in customer in the token).
  if (!("buyerIdentity" in shopify) || !shopify.buyerIdentity) return null;
  return shopify.buyerIdentity.email.value ?? null;
}

function ShareAndEarn() {
  const [view, setView] = useState<View>({ kind: "loading" });
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const token = await shopify.sessionToken.get();
        const result = await fetchCheckoutLink({ appUrl: APP_URL, token, email: guestEmail(), locale: shopify.localization.language.value.isoCode });
        if (!cancelled) setView(result.ok ? { kind: "ready", link: result.link } : { kind: "hidden" });
      } catch {
        if (!cancelled) setView({ kind: "hidden" });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  if (view.kind === "hidden") return null;
  const settings = shopify.settings.value as { heading?: string };
  const heading = settings.heading || t("heading");
  if (view.kind === "loading") {
    return (
      <s-section heading={heading}>
        <s-skeleton-paragraph />
      </s-section>
    );
  }
  const l = view.link;
  return (
    <s-section heading={heading}>
      <s-stack gap="base">
        <s-paragraph>{l.reward ? t("pitch", { offer: l.offer, reward: l.reward }) : t("pitchOfferOnly", { offer: l.offer })}</s-paragraph>
        <s-text-field label={t("linkLabel")} value={l.link} readOnly />
        <s-stack direction="inline" gap="base">
          <s-button commandFor="twofold-link" command="--copy">
            {t("copy")}
          </s-button>
          {shareLinks(l, {
            email: t("via.email"),
            whatsapp: t("via.whatsapp"),
            x: t("via.x"),
            facebook: t("via.facebook"),
            subject: t("emailSubject", { offer: l.offer }),
          }).map((s) => (
            <s-link key={s.label} href={s.href} target="_blank">
              {s.label}
            </s-link>
          ))}
        </s-stack>
        <s-clipboard-item id="twofold-link" text={l.link} />
        <s-text color="subdued">{t("code", { code: l.code })}</s-text>
      </s-stack>
    </s-section>
  );
}
