import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, Tabs, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { ListTable } from "../components/list-table";
import prisma from "../db.server";
import { formatMoney } from "../program/program-text";
import { forgiveOwed } from "../rewards/recover-owed.server";
import { listAdvocates, setAdvocateStatus } from "../review/advocates.server";
import { auditReason } from "../lib/staff-form";
import { readStaffForm } from "../review/staff-form.server";
import { authenticate } from "../shopify.server";
import { actionError, answerRefusal } from "../lib/action-error";

const STATUSES = ["all", "active", "blocked"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const status = z.enum(STATUSES).catch("all").parse(params.get("status"));
  const search = params.get("q")?.trim().slice(0, 100) || null;
  const page = await listAdvocates(prisma, session.shop, { status, search, cursor: params.get("cursor"), limit: 50 });
  return { status, search, ...page };
};

const actionSchema = z.object({
  intent: z.enum(["block", "unblock", "forgive"]),
  advocateId: z.string().min(1),
  reason: auditReason,
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const form = await readStaffForm(request, actionSchema);
  if (form instanceof Response) return form;
  const { intent, advocateId, reason } = form.data;
  if (intent === "forgive") {
    return answerRefusal(async () => {
      const forgiven = await forgiveOwed(prisma, { shopId: form.shop, advocateId, reason, actor: form.actor });
      return { done: "forgive" as const, forgiven: forgiven.map((f) => ({ currency: f.currency, minor: f.minor.toString() })) };
    });
  }
  const ok = await setAdvocateStatus(prisma, form.shop, advocateId, intent === "block" ? "blocked" : "active", { actor: form.actor, reason });
  if (!ok) return actionError(404, "Advocate not found");
  return { done: intent };
};

export default function Advocates() {
  const { status, search, rows, nextCursor } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [, setSearchParams] = useSearchParams();
  const [q, setQ] = useState(search ?? "");
  const [reason, setReason] = useState("");

  return (
    <Page title="Advocates" primaryAction={{ content: "Invite customers", url: "/app/advocates/import" }} subtitle="Customers sharing your referral program. A blocked advocate's code stops earning rewards. Owed: a reward the advocate had already used when their friend's order was refunded; it comes off their next rewards (Program → Deduct owed amounts) unless you forgive it.">
      <TitleBar title="Advocates" />
      <BlockStack gap="400">
        {actionData && "error" in actionData && <Banner tone="critical">{actionData.error}</Banner>}
        {actionData && "done" in actionData && <Banner tone="success">{actionData.done === "block" ? "Advocate blocked." : actionData.done === "forgive" ? "Owed amount forgiven (recorded in the audit log)." : "Advocate unblocked."}</Banner>}
        <Card padding="0">
          <Tabs tabs={STATUSES.map((s) => ({ id: s, content: s[0].toUpperCase() + s.slice(1) }))} selected={STATUSES.indexOf(status)} onSelect={(i) => setSearchParams({ status: STATUSES[i], ...(q ? { q } : {}) })} />
          <div style={{ padding: "12px" }}>
            <InlineStack gap="300" blockAlign="end">
              <TextField label="Code or email" value={q} onChange={setQ} autoComplete="off" />
              <Button onClick={() => setSearchParams({ status, ...(q ? { q } : {}) })}>Search</Button>
              <TextField label="Reason for block / unblock / forgive" value={reason} onChange={setReason} autoComplete="off" />
            </InlineStack>
          </div>
          <ListTable
            resourceName={{ singular: "advocate", plural: "advocates" }}
            headings={["Code", "Email", "Status", "Referrals", "Rewarded", "Held", "Owed", ""]}
            items={rows}
            empty={{ heading: "No advocates yet", children: <Text as="p">Customers who get a referral link appear here.</Text> }}
            cells={(a) => [
              <Link key="code" to={`/app/advocates/${a.id}`}>
                <Text as="span" fontWeight="semibold">
                  {a.code}
                </Text>
              </Link>,
              a.email ?? "—",
              <Badge key="status" tone={a.status === "blocked" ? "critical" : "success"}>
                {a.status}
              </Badge>,
              String(a.referrals),
              String(a.rewarded),
              String(a.held),
              a.owed.length === 0 ? (
                "—"
              ) : (
                <InlineStack key="owed" gap="200" blockAlign="center">
                  {/* Owed: a reward refunded after it was used; deducted from the next rewards when the program says so. */}
                  <Badge tone="warning">{`${a.owed.map((o) => formatMoney(BigInt(o.minor), o.currency)).join(" + ")} owed`}</Badge>
                  <Button size="slim" onClick={() => submit({ intent: "forgive", advocateId: a.id, reason }, { method: "post" })}>
                    Forgive
                  </Button>
                </InlineStack>
              ),
              <Button
                key="block"
                size="slim"
                tone={a.status === "blocked" ? undefined : "critical"}
                loading={navigation.formData?.get("advocateId") === a.id}
                onClick={() => submit({ intent: a.status === "blocked" ? "unblock" : "block", advocateId: a.id, reason }, { method: "post" })}
              >
                {a.status === "blocked" ? "Unblock" : "Block"}
              </Button>,
            ]}
          />
          {nextCursor && (
            <div style={{ padding: "12px" }}>
              <Button onClick={() => setSearchParams({ status, ...(q ? { q } : {}), cursor: nextCursor })}>Next page</Button>
            </div>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
