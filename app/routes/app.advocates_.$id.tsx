// One advocate (/app/advocates/:id). The trailing "_" keeps it out of the Advocates list's
// layout (that page has no <Outlet/>). The loader reads the database only; the store credit
// balance is what the read-balance job last got from Shopify, refreshed from a button.
import { ActionCard, AUDIT_HELP } from "../components/action-card";
import { amountText } from "../components/amount-text";
import { WrapText } from "../components/list-table";
import { SectionCard } from "../components/section-card";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, DataTable, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { loadAdvocatePage, requestAdvocateBalance } from "../review/advocate-page.server";
import { attributeOrderToAdvocate } from "../review/attribute-order.server";
import { GOODWILL_ABOVE_ZERO, giveGoodwillReward } from "../review/goodwill-reward.server";
import { mergeAdvocateByStaff } from "../review/merge-advocate.server";
import { moveAdvocateToCustomer } from "../review/move-advocate.server";
import { shopCurrency } from "../program/program.server";
import { decimalToMinorUnits } from "../lib/money";
import { fromRemixAdmin } from "../shopify/admin-graphql";
import { MainColumn, SideColumn } from "../components/columns";
import prisma from "../db.server";
import { forgiveOwed } from "../rewards/recover-owed.server";
import { auditReason, formKeyField, newFormKey } from "../lib/staff-form";
import { readStaffForm } from "../review/staff-form.server";
import { authenticate } from "../shopify.server";
import { actionError, answerRefusal } from "../lib/action-error";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const page = await loadAdvocatePage(prisma, session.shop, params.id ?? "");
  // Another shop's advocate is simply not found for this session.
  if (!page) throw new Response("Advocate not found", { status: 404 });
  if ("mergedInto" in page) throw redirect(`/app/advocates/${page.mergedInto}${new URL(request.url).search}`);
  return { ...page, currency: (await shopCurrency(prisma, session.shop)) ?? "USD" };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("forgive"), reason: auditReason }),
  z.object({ intent: z.literal("read-balance") }),
  z.object({
    intent: z.literal("attribute"),
    order: z.string().trim().min(1, "Enter the order number (like #1001) or its id").max(100),
    reason: auditReason,
  }),
  z.object({
    intent: z.literal("goodwill"),
    kind: z.enum(["store_credit", "discount_code"]),
    amount: z
      .string()
      .trim()
      .superRefine((amount, ctx) => {
        // A negative amount or a zero is a number, just not a reward: say so, not how to write one.
        const zero = /^\d*\.?\d*$/.test(amount) && /\d/.test(amount) && Number(amount) === 0;
        if (zero || /^[-−]\s*\d/.test(amount)) ctx.addIssue({ code: "custom", message: GOODWILL_ABOVE_ZERO });
        else if (!/^\d{1,6}(\.\d{1,2})?$/.test(amount)) ctx.addIssue({ code: "custom", message: "Enter an amount like 10.00" });
      }),
    reason: auditReason,
    // Made when the page was shown: a replay of the same form gives nothing more.
    formKey: formKeyField,
  }),
  z.object({
    intent: z.literal("move"),
    customer: z.string().trim().min(1, "Enter the customer's id or email address").max(254),
    reason: auditReason,
    formKey: formKeyField,
  }),
  z.object({
    intent: z.literal("merge"),
    into: z.string().trim().min(1, "Enter the code or email of the advocate to merge into").max(254),
    reason: auditReason,
  }),
]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const form = await readStaffForm(request, actionSchema);
  if (form instanceof Response) return form;
  const { data, shop, actor } = form;
  const advocateId = params.id ?? "";
  if (data.intent === "read-balance") {
    const read = await requestAdvocateBalance(prisma, shop, advocateId);
    if (!read) return actionError(404, "Advocate not found");
    return { done: "read-balance" as const, read };
  }
  const by = { actor, reason: data.reason };
  if (data.intent === "goodwill") {
    const currency = (await shopCurrency(prisma, shop)) ?? "USD";
    const amountMinor = decimalToMinorUnits(data.amount, currency);
    const { kind, formKey } = data;
    return answerRefusal(async () => {
      const done = await giveGoodwillReward(prisma, shop, { advocateId, kind, amountMinor, formKey }, by);
      return { done: "goodwill" as const, changed: done.changed, rewardId: done.rewardId };
    });
  }
  if (data.intent === "move") {
    const { customer, formKey } = data;
    return answerRefusal(async () => {
      const done = await moveAdvocateToCustomer(prisma, fromRemixAdmin(form.auth.admin), shop, { advocateId, customer, formKey }, by);
      return { done: "move" as const, ...done };
    });
  }
  if (data.intent === "merge") {
    const { into } = data;
    return answerRefusal(async () => {
      const done = await mergeAdvocateByStaff(prisma, shop, { advocateId, into }, by);
      return { done: "merge" as const, ...done };
    });
  }
  if (data.intent === "attribute") {
    const { order } = data;
    return answerRefusal(async () => {
      const done = await attributeOrderToAdvocate(prisma, fromRemixAdmin(form.auth.admin), shop, advocateId, order, by);
      return { done: "attribute" as const, orderName: done.orderName, changed: done.changed, referralId: done.referralId };
    });
  }
  return answerRefusal(async () => {
    const forgiven = await forgiveOwed(prisma, { shopId: shop, advocateId, reason: by.reason, actor });
    return { done: "forgive" as const, forgiven: forgiven.map((f) => ({ currency: f.currency, minor: f.minor.toString() })) };
  });
};

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");
const minute = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="span" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="span" breakWord>
        {children}
      </Text>
    </BlockStack>
  );
}

export default function AdvocatePage() {
  const { advocate, merged, referrals, rewards, owed, emails, balance, currency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [reason, setReason] = useState("");
  const [orderRef, setOrderRef] = useState("");
  const [attributeReason, setAttributeReason] = useState("");
  const [goodwill, setGoodwill] = useState({ kind: "store_credit", amount: "", reason: "" });
  const [move, setMove] = useState({ customer: "", reason: "" });
  const [merge, setMerge] = useState({ into: "", reason: "" });
  // One key per filled-in form: a new one only after a goodwill reward was given.
  const [formKey, setFormKey] = useState(() => newFormKey());
  useEffect(() => {
    if (actionData && "done" in actionData && actionData.done === "goodwill" && actionData.changed) {
      setFormKey(newFormKey());
      setGoodwill({ kind: "store_credit", amount: "", reason: "" });
    }
    if (actionData && "done" in actionData && actionData.done === "move" && actionData.changed) {
      setFormKey(newFormKey());
      setMove({ customer: "", reason: "" });
    }
  }, [actionData]);
  const busy = (intent: string) => navigation.formData?.get("intent") === intent;
  // While a read is queued or running the page asks again every 2 s, so its answer shows by itself.
  const { revalidate } = useRevalidator();
  useEffect(() => {
    if (!balance.reading) return;
    const timer = setInterval(revalidate, 2_000);
    return () => clearInterval(timer);
  }, [balance.reading, revalidate]);

  return (
    <Page
      title={`Advocate ${advocate.code}`}
      fullWidth
      backAction={{ content: "Advocates", url: "/app/advocates" }}
      titleMetadata={<Badge tone={advocate.status === "blocked" ? "critical" : "success"}>{advocate.status}</Badge>}
    >
      <TitleBar title={`Advocate ${advocate.code}`} />
      <Layout>
        <MainColumn>
          {actionData && "error" in actionData && <Banner tone="critical">{actionData.error}</Banner>}
          {actionData && "done" in actionData && !(actionData.done === "read-balance" && actionData.read !== "recent") && (
            <Banner tone="success">
              {actionData.done === "forgive"
                ? "Owed amount forgiven (recorded in the audit log)."
                : actionData.done === "goodwill"
                  ? actionData.changed
                    ? "Goodwill reward given: it is being issued in Shopify (recorded in the audit log)."
                    : "This goodwill reward was already given: nothing changed."
                : actionData.done === "move"
                  ? actionData.changed
                    ? `Moved to advocate ${actionData.target.code}: ${count(actionData.referralsMoved, "referral")} and ${count(actionData.rewardsMoved, "unpaid reward")}` +
                      (actionData.referralsKept
                        ? `; ${count(actionData.referralsKept, "referral")} whose reward was paid ${actionData.referralsKept === 1 ? "stays" : "stay"} here`
                        : "") +
                      " (recorded in the audit log)."
                    : "This move was already done: nothing changed."
                : actionData.done === "merge"
                  ? actionData.changed
                    ? `Merged into advocate ${actionData.into.code}.`
                    : `Already merged into advocate ${actionData.into.code}: nothing changed.`
                : actionData.done === "attribute"
                  ? actionData.changed
                    ? `Order ${actionData.orderName} attributed to this advocate. It is being checked like any referred order; its reward follows the program's rules.`
                    : `Order ${actionData.orderName} was already attributed to this advocate: nothing changed.`
                  : "The balance was read from Shopify less than a minute ago: it is shown under Store credit in Shopify."}
            </Banner>
          )}
          <SectionCard title="Who">
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
              <Field label="Email">{advocate.email ?? "— (not read from Shopify yet)"}</Field>
              <Field label="Name (from Shopify)">{balance.customerName ?? "—"}</Field>
              <Field label="Shopify customer">{advocate.customerGid ? advocate.customerGid.replace("gid://shopify/Customer/", "") : "— (guest advocate)"}</Field>
              <Field label="Code">{advocate.code}</Field>
              <Field label="Link">{advocate.link}</Field>
              <Field label="Advocate since">{day(advocate.createdAt)}</Field>
            </InlineGrid>
            {merged.length > 0 && (
              <Text as="p" tone="subdued">
                {`Joined rows of the same person (their codes still work): ${merged.map((m) => `${m.code} (${day(m.createdAt)})`).join(", ")}`}
              </Text>
            )}
          </SectionCard>
          <TableCard
            title="Referrals"
            empty="No referrals yet."
            columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
            headings={["Date", "Friend", "Order", "Order subtotal", "Status", "Reason"]}
            rows={referrals.map((r) => [
                    day(r.createdAt),
                    <WrapText key="friend" minWidth={120}>{r.friendEmail ?? "—"}</WrapText>,
                    <WrapText key="order" minWidth={90}>{r.order ?? "—"}</WrapText>,
                    amountText(r.orderSubtotal?.minor ?? null, r.orderSubtotal?.currency ?? null),
                    r.status,
                    <WrapText key="reason" minWidth={140}>{r.reason ?? "—"}</WrapText>,
                  ])}
          />
          <TableCard
            title="Rewards"
            empty="No rewards yet."
            columnContentTypes={["text", "text", "numeric", "text", "numeric", "numeric", "numeric", "text"]}
            headings={["Date", "Kind", "Amount", "State", "Paid", "Taken back", "Owed", "Note"]}
            rows={rewards.map((r) => [
                    day(r.createdAt),
                    (r.kind === "discount_code" || r.kind === "goodwill_code") && r.discountCode ? `${r.kind === "goodwill_code" ? "goodwill " : ""}code ${r.discountCode}` : r.kind.replace(/_/g, " "),
                    amountText(r.amountMinor, r.currency),
                    <WrapText key="state" minWidth={100} anywhere={false}>{r.state}</WrapText>,
                    amountText(r.paidMinor, r.currency),
                    amountText(r.reversedMinor, r.currency),
                    amountText(r.owedMinor, r.currency),
                    <WrapText key="note" minWidth={140}>
                      {[
                        r.deductedMinor !== "0" ? `${amountText(r.deductedMinor, r.currency)} owed deducted` : null,
                        r.owedRecoveredMinor !== "0" ? `${amountText(r.owedRecoveredMinor, r.currency)} of the owed recovered` : null,
                        r.owedForgivenMinor !== "0" ? `${amountText(r.owedForgivenMinor, r.currency)} of the owed forgiven` : null,
                        r.exchangeRate ? `in ${r.currency} at ${r.exchangeRate}` : null,
                        r.failureReason,
                      ]
                        .filter(Boolean)
                        .join("; ") || "—"}
                    </WrapText>,
                  ])}
          />
          <TableCard
            title="Emails"
            empty="No emails to this advocate yet."
            columnContentTypes={["text", "text", "text", "text"]}
            headings={["Date", "Email", "Subject", "Status"]}
            rows={emails.map((e) => [
                    minute(e.sentAt ?? e.createdAt),
                    e.kind.replace(/_/g, " "),
                    <WrapText key="subject" minWidth={140}>{e.subject ?? "—"}</WrapText>,
                    <WrapText key="status" minWidth={60}>{e.status === "failed" && e.lastError ? `failed: ${e.lastError}` : e.status}</WrapText>,
                  ])}
          />
        </MainColumn>
        <SideColumn>
          <SectionCard title="Store credit in Shopify">
            <BlockStack gap="100">
              {balance.readAt ? (
                <>
                  {balance.balances.length === 0 ? <Text as="p">No store credit account.</Text> : balance.balances.map((b) => <Text as="p" key={b.currency} variant="headingLg">{amountText(b.minor, b.currency)}</Text>)}
                  <Text as="p" tone="subdued">{`Read from Shopify ${minute(balance.readAt)} UTC`}</Text>
                </>
              ) : (
                <Text as="p" tone="subdued">
                  Not read from Shopify yet.
                </Text>
              )}
              {balance.reading ? (
                <Text as="p" tone="subdued">
                  Reading from Shopify…
                </Text>
              ) : (
                balance.problem && (
                  <Text as="p" tone="caution">
                    {balance.problem}
                  </Text>
                )
              )}
            </BlockStack>
            <InlineStack>
              <Button loading={busy("read-balance") || balance.reading} onClick={() => submit({ intent: "read-balance" }, { method: "post" })}>
                Read balance from Shopify
              </Button>
            </InlineStack>
          </SectionCard>
          <ActionCard
            title="Goodwill reward"
            description="Store credit or a code for this advocate outside any referral. It counts in your reward cost."
            action={{ label: "Give reward", loading: busy("goodwill"), onAction: () => submit({ intent: "goodwill", ...goodwill, formKey }, { method: "post" }) }}
          >
            <Select
              label="Give"
              options={[
                { label: "Store credit", value: "store_credit" },
                { label: "Discount code for them", value: "discount_code" },
              ]}
              value={goodwill.kind}
              onChange={(kind) => setGoodwill({ ...goodwill, kind })}
            />
            <TextField label="Amount" prefix={currency} value={goodwill.amount} onChange={(amount) => setGoodwill({ ...goodwill, amount })} autoComplete="off" inputMode="decimal" />
            <TextField label="Explanation" value={goodwill.reason} onChange={(reason) => setGoodwill({ ...goodwill, reason })} autoComplete="off" helpText={AUDIT_HELP} />
          </ActionCard>
          <ActionCard
            title="Attribute an order"
            description="A paid order this advocate referred that the app missed. It is checked like a referred order (new customer, limits, fraud), under the program as it was when the order was placed."
            action={{ label: "Attribute order", loading: busy("attribute"), onAction: () => submit({ intent: "attribute", order: orderRef, reason: attributeReason }, { method: "post" }) }}
          >
            <TextField label="Order number or id" value={orderRef} onChange={setOrderRef} autoComplete="off" placeholder="#1001" />
            <TextField label="Why" value={attributeReason} onChange={setAttributeReason} autoComplete="off" helpText={AUDIT_HELP} />
          </ActionCard>
          <ActionCard
            title="Move to another customer"
            description="Their referrals and the rewards not paid yet go to another Shopify customer (made an advocate if they are not one). Rewards already paid stay here, with their referrals. This advocate keeps their code."
            action={{ label: "Move referrals and rewards", loading: busy("move"), onAction: () => submit({ intent: "move", ...move, formKey }, { method: "post" }) }}
          >
            <TextField label="Customer id or email" value={move.customer} onChange={(customer) => setMove({ ...move, customer })} autoComplete="off" />
            <TextField label="Explain the move" value={move.reason} onChange={(reason) => setMove({ ...move, reason })} autoComplete="off" helpText={AUDIT_HELP} />
          </ActionCard>
          <ActionCard
            title="Merge into another advocate"
            description="The same person with two advocate rows: everything moves to the other one (referrals, rewards, owed amounts), and this code keeps working for them."
            action={{ label: "Merge", tone: "critical", loading: busy("merge"), onAction: () => submit({ intent: "merge", ...merge }, { method: "post" }) }}
          >
            <TextField label="Their code or email" value={merge.into} onChange={(into) => setMerge({ ...merge, into })} autoComplete="off" />
            <TextField label="Explain the merge" value={merge.reason} onChange={(reason) => setMerge({ ...merge, reason })} autoComplete="off" helpText={AUDIT_HELP} />
          </ActionCard>
          <SectionCard title="Owed">
            {owed.length === 0 ? (
              <Text as="p">Nothing owed.</Text>
            ) : (
              <BlockStack gap="200">
                <Badge tone="warning">{`${owed.map((o) => amountText(o.minor, o.currency)).join(" + ")} owed`}</Badge>
                <Text as="p" tone="subdued">
                  A reward the advocate had already used when their friend's order was refunded. It comes off their next rewards unless you forgive it.
                </Text>
                <TextField label="Reason" value={reason} onChange={setReason} autoComplete="off" />
                <InlineStack>
                  <Button loading={busy("forgive")} onClick={() => submit({ intent: "forgive", reason }, { method: "post" })}>
                    Forgive
                  </Button>
                </InlineStack>
              </BlockStack>
            )}
          </SectionCard>
        </SideColumn>
      </Layout>
    </Page>
  );
}

/** "1 referral", "2 referrals". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** A card with a heading and a table, or a sentence when the table would be empty. */
function TableCard({ title, empty, rows, ...table }: { title: string; empty: string; rows: React.ReactNode[][]; columnContentTypes: ("text" | "numeric")[]; headings: string[] }) {
  return <SectionCard title={title}>{rows.length === 0 ? <Text as="p">{empty}</Text> : <DataTable {...table} rows={rows} verticalAlign="top" />}</SectionCard>;
}
