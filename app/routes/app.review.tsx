import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Page, Select, Tabs, Text, TextField, useIndexResourceState } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { amountText } from "../components/amount-text";
import { SectionCard } from "../components/section-card";
import prisma from "../db.server";
import { listReviewQueue } from "../review/list-review-queue.server";
import { countFailedRewards } from "../rewards/failed-rewards.server";
import { QUEUE_SORTS, QUEUE_VIEWS } from "../review/queue-options";
import { reasonWords } from "../review/timeline-words";
import { approveReferrals, MAX_BULK, rejectReferrals } from "../review/review-referral.server";
import { auditReason } from "../lib/staff-form";
import { readStaffForm } from "../review/staff-form.server";
import { authenticate } from "../shopify.server";

const PAGE_SIZE = 50;
const VIEW_LABELS = { held: "Held for review", approved: "Approved", rejected: "Rejected" } as const;

const querySchema = z.object({
  view: z.enum(QUEUE_VIEWS).catch("held"),
  sort: z.enum(QUEUE_SORTS).catch("score"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  minScore: z.coerce.number().int().min(0).max(100).nullable().catch(null),
  q: z.string().trim().max(100).nullable().catch(null),
  cursor: z.string().max(500).nullable().catch(null),
});

const WRAPPING_CELL = { whiteSpace: "normal", minWidth: "10rem", maxWidth: "22rem" } as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const query = querySchema.parse({
    view: params.get("view"),
    sort: params.get("sort"),
    dir: params.get("dir"),
    minScore: params.get("minScore") || null,
    q: params.get("q") || null,
    cursor: params.get("cursor"),
  });
  const [page, failedRewards] = await Promise.all([
    listReviewQueue(prisma, session.shop, { view: query.view, sort: query.sort, direction: query.dir, minScore: query.minScore, search: query.q, cursor: query.cursor, limit: PAGE_SIZE }),
    countFailedRewards(prisma, session.shop),
  ]);
  return { query, ...page, failedRewards };
};

const decisionSchema = z.object({
  intent: z.enum(["approve", "reject"]),
  ids: z
    .string()
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().min(1)).min(1, "Select at least one referral").max(MAX_BULK, `At most ${MAX_BULK} at once`)),
  reason: auditReason,
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const form = await readStaffForm(request, decisionSchema);
  if (form instanceof Response) return form;
  const { intent, ids, reason } = form.data;
  const decide = intent === "approve" ? approveReferrals : rejectReferrals;
  // Ids of another shop are not found under this shop and come back as skipped.
  const result = await decide(prisma, form.shop, ids, { actor: form.actor, reason });
  return { intent, decided: result.decided.length, skipped: result.skipped.length };
};

export default function ReviewQueue() {
  const { query, rows, nextCursor, failedRewards } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams, setSearchParams] = useSearchParams();
  const [reason, setReason] = useState("");
  const submit = useSubmit();
  const [search, setSearch] = useState(query.q ?? "");
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows);
  // Only rows still on the page count, in the header, the rows and the buttons alike.
  const onPage = new Set(rows.map((r) => r.id));
  const selected = allResourcesSelected ? rows.map((r) => r.id) : selectedResources.filter((id) => onPage.has(id));
  // A bulk decision ends the selection: the decided rows left the list, and what is left waits
  // for a new choice (not "2 selected" over unticked rows).
  useEffect(() => {
    if (actionData && "decided" in actionData) clearSelection();
  }, [actionData, clearSelection]);
  const setParam = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    next.delete("cursor");
    clearSelection();
    setSearchParams(next);
  };

  return (
    <Page title="Review queue" subtitle="Referrals held by fraud checks or limits. Approve to issue their rewards, reject to cancel them.">
      <TitleBar title="Review queue" />
      <BlockStack gap="400">
        {failedRewards > 0 && (
          <Banner tone="warning" title={`${failedRewards} ${failedRewards === 1 ? "reward" : "rewards"} failed to issue`}>
            <Text as="p">
              Shopify refused them for good, so they will not be retried. <Link to="/app/rewards/failed">See why and what you can do</Link>.
            </Text>
          </Banner>
        )}
        {actionData && "error" in actionData && <Banner tone="critical">{actionData.error}</Banner>}
        {actionData && "decided" in actionData && (
          <Banner tone="success">
            {`${actionData.decided} ${actionData.decided === 1 ? "referral" : "referrals"} ${actionData.intent === "approve" ? "approved" : "rejected"}`}
            {actionData.skipped ? `; ${actionData.skipped} were no longer held.` : "."}
          </Banner>
        )}
        <Card padding="0">
          <Tabs tabs={QUEUE_VIEWS.map((v) => ({ id: v, content: VIEW_LABELS[v] }))} selected={QUEUE_VIEWS.indexOf(query.view)} onSelect={(i) => setParam({ view: QUEUE_VIEWS[i] })} />
          <div style={{ padding: "12px" }}>
            <Form method="get" onSubmit={() => clearSelection()}>
              <InlineStack gap="300" blockAlign="end">
                <input type="hidden" name="view" value={query.view} />
                <TextField label="Advocate code or friend email" name="q" value={search} onChange={setSearch} autoComplete="off" />
                <Select
                  label="Minimum score"
                  name="minScore"
                  options={[{ label: "Any", value: "" }, ...[20, 40, 60, 80].map((n) => ({ label: `${n}+`, value: String(n) }))]}
                  value={query.minScore == null ? "" : String(query.minScore)}
                  onChange={(v) => setParam({ minScore: v, q: search || null })}
                />
                <Select
                  label="Sort by"
                  name="sort"
                  options={[
                    { label: "Highest score", value: "score:desc" },
                    { label: "Lowest score", value: "score:asc" },
                    { label: "Newest order", value: "ordered:desc" },
                    { label: "Oldest order", value: "ordered:asc" },
                  ]}
                  value={`${query.sort}:${query.dir}`}
                  onChange={(v) => {
                    const [sort, dir] = v.split(":");
                    setParam({ sort, dir, q: search || null });
                  }}
                />
                <Button submit>Filter</Button>
              </InlineStack>
            </Form>
          </div>
          {rows.length === 0 ? (
            <EmptyState heading={query.view === "held" ? "Nothing waiting for review" : `No ${VIEW_LABELS[query.view].toLowerCase()} referrals`} image="">
              <Text as="p">Referrals whose fraud score reaches your threshold, or that break a program limit, wait here.</Text>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "referral", plural: "referrals" }}
              itemCount={rows.length}
              selectable={query.view === "held"}
              selectedItemsCount={allResourcesSelected ? "All" : selected.length}
              onSelectionChange={handleSelectionChange}
              headings={[{ title: "Score" }, { title: "Signals" }, { title: "Advocate" }, { title: "Friend" }, { title: "Order" }, { title: "Reward at stake" }, { title: "" }]}
            >
              {rows.map((row, index) => (
                <IndexTable.Row id={row.id} key={row.id} position={index} selected={selected.includes(row.id)}>
                  <IndexTable.Cell>
                    <Badge tone={(row.fraudScore ?? 0) >= 60 ? "critical" : (row.fraudScore ?? 0) >= 30 ? "warning" : undefined}>{row.fraudScore == null ? "—" : String(row.fraudScore)}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {/* Signals are sentences: they wrap, so the amounts and "Open" stay on screen. */}
                    <div style={WRAPPING_CELL}>
                      <BlockStack gap="100">
                        {row.signals.length === 0 && <Text as="span" tone="subdued">{row.holdReason ? `Held because ${reasonWords(row.holdReason)}` : "—"}</Text>}
                        {row.signals.map((s) => (
                          <Text as="span" key={s.rule}>
                            {s.words}
                          </Text>
                        ))}
                      </BlockStack>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.advocateCode}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ whiteSpace: "normal", overflowWrap: "anywhere" }}>{row.friendEmail ? <BreakableEmail email={row.friendEmail} /> : "—"}</div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{amountText(row.orderSubtotalMinor, row.orderCurrency)}</IndexTable.Cell>
                  <IndexTable.Cell>{amountText(row.rewardAtStakeMinor, row.orderCurrency)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Link to={`/app/review/${row.id}`} onClick={(e) => e.stopPropagation()}>
                      Open
                    </Link>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
          <div style={{ padding: "12px" }}>
            <InlineStack align="space-between">
              <Text as="span" tone="subdued">{`${rows.length} shown`}</Text>
              {nextCursor && (
                <Button onClick={() => setSearchParams((p) => (p.set("cursor", nextCursor), p))} accessibilityLabel="Next page">
                  Next page
                </Button>
              )}
            </InlineStack>
          </div>
        </Card>
        {query.view === "held" && rows.length > 0 && (
          <SectionCard title={selected.length === 0 ? "Select referrals to approve or reject" : `Decide ${selected.length} selected ${selected.length === 1 ? "referral" : "referrals"}`}>
            <TextField label="Reason" name="reason" value={reason} onChange={setReason} autoComplete="off" helpText="Saved in the audit log with your name." />
            <InlineStack gap="200">
              {(["approve", "reject"] as const).map((intent) => (
                <Button
                  key={intent}
                  variant={intent === "approve" ? "primary" : undefined}
                  tone={intent === "reject" ? "critical" : undefined}
                  disabled={!selected.length}
                  loading={navigation.formData?.get("intent") === intent}
                  onClick={() => submit({ intent, ids: selected.join(","), reason }, { method: "post" })}
                >
                  {intent === "approve" ? "Approve selected" : "Reject selected"}
                </Button>
              ))}
            </InlineStack>
          </SectionCard>
        )}
      </BlockStack>
    </Page>
  );
}

/** An email that may break after its "@" when the column is narrow, not in the middle of a word. */
function BreakableEmail({ email }: { email: string }) {
  const at = email.indexOf("@");
  if (at < 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
}
