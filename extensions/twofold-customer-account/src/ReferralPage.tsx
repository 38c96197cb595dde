// The advocate's referral page in new customer accounts (full page), and a short version on
// the profile page that leads to it: their link and code with share actions, their friends
// by initials, their rewards (pending, issued, expiring soon) and their store credit. All
// data comes from the app (/api/customer-account) with the customer account session token.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { APP_URL } from "../../shared/app-request";
import { fetchReferralPage, shareLinks, type ReferralPage, type RewardLine } from "./fetch-page";

export default function extension() {
  render(<Root />, document.body);
}

type View = { kind: "loading" } | { kind: "ready"; page: ReferralPage } | { kind: "error" };

const t = (key: string, options?: Record<string, string | number>) => shopify.i18n.translate(key, options);
const PAGE_TARGET = "customer-account.page.render";

function Root() {
  const [view, setView] = useState<View>({ kind: "loading" });
  const full = shopify.extension.target === PAGE_TARGET;
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const token = await shopify.sessionToken.get();
        const result = await fetchReferralPage({
          appUrl: APP_URL,
          token,
          locale: shopify.localization.language.value.isoCode,
          customerGid: shopify.authenticatedAccount.customer.value?.id ?? null,
        });
        if (!cancelled) setView(result.ok ? { kind: "ready", page: result.page } : { kind: "error" });
      } catch {
        if (!cancelled) setView({ kind: "error" });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const body =
    view.kind === "loading" ? (
      <s-section>
        <s-skeleton-paragraph />
      </s-section>
    ) : view.kind === "error" ? (
      full ? (
        <s-banner tone="critical">{t("error")}</s-banner>
      ) : null
    ) : full ? (
      <FullPage page={view.page} />
    ) : (
      <ProfileBlock page={view.page} />
    );
  return full ? (
    <s-page heading={t("page.heading")}>{body}</s-page>
  ) : (
    body
  );
}

function ShareSection({ page }: { page: ReferralPage }) {
  const l = page.link;
  if (!l) {
    return (
      <s-section heading={t("share.heading")}>
        <s-paragraph>{t(page.linkUnavailable === "advocate_blocked" ? "share.blocked" : "share.paused")}</s-paragraph>
      </s-section>
    );
  }
  return (
    <s-section heading={t("share.heading")}>
      <s-stack gap="base">
        <s-paragraph>{l.reward ? t("share.pitch", { offer: l.offer, reward: l.reward }) : t("share.pitchOfferOnly", { offer: l.offer })}</s-paragraph>
        <s-text-field label={t("share.linkLabel")} value={l.link} readOnly />
        <s-text>{t("share.code", { code: l.code })}</s-text>
        <s-stack direction="inline" gap="base">
          <s-button variant="primary" commandFor="twofold-link" command="--copy">
            {t("share.copy")}
          </s-button>
          {shareLinks(l, t("share.emailSubject", { offer: l.offer })).map((s) => (
            <s-button key={s.key} variant="secondary" href={s.href} target="_blank">
              {t(`share.via.${s.key}`)}
            </s-button>
          ))}
        </s-stack>
        <s-clipboard-item id="twofold-link" text={l.link} onCopy={() => shopify.toast.show(t("share.copied"))} />
      </s-stack>
    </s-section>
  );
}

function RewardList({ heading, lines, empty }: { heading: string; lines: RewardLine[]; empty?: string }) {
  if (!lines.length && !empty) return null;
  return (
    <s-stack gap="small-200">
      <s-heading>{heading}</s-heading>
      {lines.length ? (
        <s-unordered-list>
          {lines.map((r, i) => (
            <s-list-item key={i}>
              {t(r.milestone ? (r.kind === "discount_code" ? "rewards.milestoneCode" : "rewards.milestoneCredit") : r.kind === "discount_code" ? "rewards.code" : "rewards.credit", { amount: r.amount })}
              {r.discountCode ? ` · ${r.discountCode}` : ""}
              {r.expiresAt ? ` · ${t(r.expired ? "rewards.expired" : "rewards.expires", { date: shopify.i18n.formatDate(new Date(r.expiresAt)) })}` : ""}
            </s-list-item>
          ))}
        </s-unordered-list>
      ) : (
        <s-text color="subdued">{empty}</s-text>
      )}
    </s-stack>
  );
}

function FullPage({ page }: { page: ReferralPage }) {
  const { rewards, storeCredit } = page;
  return (
    <s-stack gap="base">
      <ShareSection page={page} />
      <s-section heading={t("credit.heading")}>
        <s-stack gap="small-200">
          {storeCredit.balances.length ? (
            storeCredit.balances.map((b) => (
              <s-text key={b.currency} type="strong">
                {b.amount}
              </s-text>
            ))
          ) : (
            <s-text>{t("credit.none")}</s-text>
          )}
          <s-text color="subdued">{t(storeCredit.source === "shopify" ? "credit.spend" : "credit.fromReferrals")}</s-text>
        </s-stack>
      </s-section>
      <s-section heading={t("rewards.heading")}>
        <s-stack gap="base">
          <RewardList heading={t("rewards.expiring")} lines={rewards.expiring} />
          <RewardList heading={t("rewards.pending")} lines={rewards.pending} empty={t("rewards.nonePending")} />
          <RewardList heading={t("rewards.issued")} lines={rewards.issued} empty={t("rewards.noneIssued")} />
        </s-stack>
      </s-section>
      <s-section heading={t("friends.heading", { count: page.friendCount })}>
        {page.friends.length ? (
          <s-stack gap="small-200">
            {page.friends.map((f, i) => (
              <s-stack key={i} direction="inline" gap="base" alignItems="center">
                <s-avatar initials={f.initials} alt={f.initials} />
                <s-text>{shopify.i18n.formatDate(new Date(f.since), { timeZone: "UTC" })}</s-text>
                <s-badge tone={f.status === "not_eligible" ? "critical" : "auto"}>{t(`friends.status.${f.status}`)}</s-badge>
                {f.reason ? (
                  <s-text color="subdued">
                    {t(`friends.reason.${f.reason}`, { date: f.holdUntil ? shopify.i18n.formatDate(new Date(f.holdUntil), { timeZone: "UTC" }) : "" })}
                  </s-text>
                ) : null}
              </s-stack>
            ))}
          </s-stack>
        ) : (
          <s-paragraph>{t("friends.none")}</s-paragraph>
        )}
      </s-section>
    </s-stack>
  );
}

function ProfileBlock({ page }: { page: ReferralPage }) {
  if (!page.link) return null;
  const pending = page.rewards.pending.length;
  return (
    <s-section heading={t("share.heading")}>
      <s-stack gap="base">
        <s-text>{t("share.code", { code: page.link.code })}</s-text>
        <s-text color="subdued">{t("profile.summary", { count: page.friendCount, pending })}</s-text>
        <s-stack direction="inline" gap="base">
          <s-button variant="primary" commandFor="twofold-link" command="--copy">
            {t("share.copy")}
          </s-button>
          <s-link href="extension:twofold-referral-page/">{t("profile.open")}</s-link>
        </s-stack>
        <s-clipboard-item id="twofold-link" text={page.link.link} onCopy={() => shopify.toast.show(t("share.copied"))} />
      </s-stack>
    </s-section>
  );
}
