// One held referral (/app/review/:id). The trailing "_" in "review_" keeps this page out of the
// queue's layout: nested under app.review.tsx (no <Outlet/>) it never rendered in the browser.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { amountText } from "../components/amount-text";
import { MainColumn, SideColumn } from "../components/columns";
import prisma from "../db.server";
import { reconsiderReferral } from "../review/reconsider-referral.server";
import { getReferralReview } from "../review/referral-timeline.server";
import { adjustReferralReward, decideReferral } from "../review/review-referral.server";
import { auditReason } from "../lib/staff-form";
import { readStaffForm } from "../review/staff-form.server";
import { authenticate } from "../shopify.server";
import { actionError, answerRefusal } from "../lib/action-error";
import { ActionCard } from "../components/action-card";
import { SectionCard } from "../components/section-card";

const REASON_HELP = "Required; saved in the audit log with your name.";
const REFERRAL_STATUS_WORDS: Record<string, string> = {
  claimed: "Claimed",
  ordered: "Ordered",
  held: "Held for review",
  qualified: "Qualified",
  rejected: "Rejected",
  cancelled: "Cancelled",
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const review = await getReferralReview(prisma, session.shop, params.id ?? "");
  // Another shop's referral is simply not found for this session.
  if (!review) throw new Response("Referral not found", { status: 404 });
  return { review };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["approve", "reject", "reconsider"]), reason: auditReason }),
  z.object({
    intent: z.literal("adjust"),
    rewardId: z.string().min(1),
    amount: z.string().trim().regex(/^\d+(\.\d{1,3})?$/, "Enter an amount like 12.50"),
    reason: auditReason,
  }),
]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const form = await readStaffForm(request, actionSchema);
  if (form instanceof Response) return form;
  const { data, shop } = form;
  const by = { actor: form.actor, reason: data.reason };
  const id = params.id ?? "";
  if (data.intent === "adjust") {
    const adjusted = await adjustReferralReward(prisma, shop, { referralId: id, rewardId: data.rewardId, amount: data.amount }, by);
    if (adjusted === "not_found") return actionError(404, "Reward not found");
    if (adjusted === "not_held") return actionError(409, "Only a held reward can be adjusted.");
    return { done: "adjusted" };
  }
  if (data.intent === "reconsider") {
    return answerRefusal(async () => {
      const outcome = await reconsiderReferral(prisma, shop, id, by);
      return { done: outcome === "reopened" ? "reopened for review" : "already back in review (nothing changed)" };
    });
  }
  const decided = await decideReferral(prisma, shop, id, data.intent, by);
  if (decided === "not_found") return actionError(404, "Referral not found");
  if (decided === "not_held") return actionError(409, "This referral is not held for review any more.");
  return { done: data.intent === "approve" ? "approved" : "rejected" };
};

export default function ReviewReferral() {
  const { review } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [reason, setReason] = useState("");
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const held = review.status === "held";
  const busy = (intent: string) => navigation.formData?.get("intent") === intent;

  return (
    <Page title={`Referral by ${review.advocate.code}`} backAction={{ content: "Review queue", url: "/app/review" }} titleMetadata={<Badge tone={held ? "attention" : undefined}>{REFERRAL_STATUS_WORDS[review.status] ?? review.status}</Badge>}>
      <TitleBar title="Review referral" />
      <Layout>
        <MainColumn>
          {actionData && "error" in actionData && <Banner tone="critical">{actionData.error}</Banner>}
          {actionData && "done" in actionData && <Banner tone="success">{`Referral ${actionData.done}.`}</Banner>}
          <SectionCard
            title="Fraud score"
            gap="200"
            badge={<Badge tone={(review.fraudScore ?? 0) >= 60 ? "critical" : undefined}>{review.fraudScore == null ? "—" : String(review.fraudScore)}</Badge>}
          >
            {review.signals.length === 0 && <Text as="p">{review.holdReason ? `Held because ${review.holdReason}.` : "No fraud signal fired."}</Text>}
            {review.signals.map((s) => (
              <Text as="p" key={s.rule}>
                {s.words}
              </Text>
            ))}
          </SectionCard>
          <SectionCard title="Timeline" gap="200">
            {review.timeline.map((e, i) => (
              <InlineGrid key={i} columns="180px 1fr" gap="200">
                <Text as="span" tone="subdued">
                  {e.when}
                </Text>
                <Text as="span">{e.text}</Text>
              </InlineGrid>
            ))}
          </SectionCard>
        </MainColumn>
        <SideColumn>
          <Card>
            <BlockStack gap="100">
              <Text as="p">{`Advocate: ${review.advocate.code} (${review.advocate.email ?? "no email"}), ${review.advocate.status}`}</Text>
              <Text as="p">{`Friend: ${review.friendEmail ?? "—"}`}</Text>
              <Text as="p">{`Order subtotal: ${amountText(review.orderSubtotalMinor, review.orderCurrency)}`}</Text>
              <Text as="p">{`Refunded: ${amountText(review.refundedMinor, review.orderCurrency)}`}</Text>
              {review.orderName && <Text as="p">{`Order: ${review.orderName}`}</Text>}
              {review.reviewedBy && <Text as="p">{`Reviewed by ${review.reviewedBy}${review.reviewNote ? `: ${review.reviewNote}` : ""}`}</Text>}
            </BlockStack>
          </Card>
          <SectionCard title="Rewards">
            {review.rewards.map((r) => (
              <BlockStack key={r.id} gap="100">
                <Text as="p">{`${r.label}: ${amountText(r.amountMinor, r.currency)}, ${r.statusWords}`}</Text>
                {r.status === "held" && (
                  <InlineStack gap="200" blockAlign="end">
                    <TextField label="New amount" labelHidden value={amounts[r.id] ?? ""} onChange={(v) => setAmounts({ ...amounts, [r.id]: v })} autoComplete="off" placeholder="New amount" />
                    <Button loading={busy("adjust")} onClick={() => submit({ intent: "adjust", rewardId: r.id, amount: amounts[r.id] ?? "", reason }, { method: "post" })}>
                      Adjust
                    </Button>
                  </InlineStack>
                )}
              </BlockStack>
            ))}
          </SectionCard>
          {(review.status === "rejected" || review.status === "cancelled") && (
            <ActionCard
              title="Reconsider"
              description="Puts this referral back into review with its rewards held, under the program version of its order. Approving it then issues them once, after the refund hold."
              action={{ label: "Reconsider", loading: busy("reconsider"), onAction: () => submit({ intent: "reconsider", reason }, { method: "post" }) }}
            >
              <TextField label="Reason" value={reason} onChange={setReason} autoComplete="off" helpText={REASON_HELP} />
            </ActionCard>
          )}
          {held && (
            <Card>
              <BlockStack gap="300">
                <TextField label="Reason" value={reason} onChange={setReason} autoComplete="off" helpText={REASON_HELP} />
                <InlineStack gap="200">
                  <Button variant="primary" loading={busy("approve")} onClick={() => submit({ intent: "approve", reason }, { method: "post" })}>
                    Approve
                  </Button>
                  <Button tone="critical" loading={busy("reject")} onClick={() => submit({ intent: "reject", reason }, { method: "post" })}>
                    Reject
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          )}
        </SideColumn>
      </Layout>
    </Page>
  );
}
