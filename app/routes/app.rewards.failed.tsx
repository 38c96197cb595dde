import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { amountText } from "../components/amount-text";
import { ListTable, WrapText } from "../components/list-table";
import prisma from "../db.server";
import { auditReason } from "../lib/staff-form";
import { readStaffForm } from "../review/staff-form.server";
import { issueFailedRewardAsCode, listFailedRewards } from "../rewards/failed-rewards.server";
import { authenticate } from "../shopify.server";
import { actionError } from "../lib/action-error";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return listFailedRewards(prisma, session.shop);
};

const actionSchema = z.object({
  intent: z.literal("issue_as_code", { errorMap: () => ({ message: "Unknown action" }) }),
  rewardId: z.string().trim().min(1, "Choose a reward").max(100),
  reason: auditReason,
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const form = await readStaffForm(request, actionSchema);
  if (form instanceof Response) return form;
  const result = await issueFailedRewardAsCode(prisma, form.shop, form.data.rewardId, { actor: form.actor, reason: form.data.reason });
  if (!result.ok) return actionError(result.status, result.error);
  return { done: "issued_as_code" as const, replacementId: result.replacementId };
};

export default function FailedRewards() {
  const { rows, total } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [reason, setReason] = useState("");
  const busyId = navigation.formData?.get("rewardId");

  return (
    <Page
      title="Failed rewards"
      subtitle="Rewards Shopify refused for good. Nothing is retried on its own: send the advocate a discount code instead, or leave it."
      backAction={{ content: "Review queue", url: "/app/review" }}
    >
      <TitleBar title="Failed rewards" />
      <BlockStack gap="400">
        {actionData && "error" in actionData && <Banner tone="critical">{actionData.error}</Banner>}
        {actionData && "done" in actionData && <Banner tone="success">A discount code for the advocate is on its way. It is issued once, and the advocate gets the usual email.</Banner>}
        <Card>
          <TextField
            label="Reason"
            value={reason}
            onChange={setReason}
            autoComplete="off"
            helpText="Needed for “Issue as a code instead”; saved in the audit log with your name."
          />
        </Card>
        <Card padding="0">
          <ListTable
            resourceName={{ singular: "failed reward", plural: "failed rewards" }}
            headings={["Advocate", "Reward", "Why it failed", "Referral", ""]}
            items={rows}
            empty={{ heading: "No failed rewards", children: <Text as="p">When Shopify refuses a reward for good (for example a store credit limit), it shows here with the reason.</Text> }}
            cells={(row) => [
              row.advocateCode,
              <InlineStack key="reward" gap="100">
                <Text as="span">{amountText(row.amountMinor, row.currency)}</Text>
                <Badge>{`${row.recipient} ${row.kind.replace("_", " ")}`}</Badge>
              </InlineStack>,
              // The explanation is a sentence: it wraps and leaves room for the columns after it.
              <WrapText key="why" minWidth="12rem">
                <BlockStack gap="100">
                  <Text as="span">{row.words}</Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {row.code}
                  </Text>
                </BlockStack>
              </WrapText>,
              row.referralId ? (
                <Link key="referral" to={`/app/review/${row.referralId}`}>
                  Open
                </Link>
              ) : (
                "goodwill"
              ),
              row.canIssueAsCode ? (
                <Button
                  key="issue"
                  disabled={reason.trim().length < 3}
                  loading={busyId === row.id}
                  onClick={() => submit({ intent: "issue_as_code", rewardId: row.id, reason }, { method: "post" })}
                >
                  Issue as a code instead
                </Button>
              ) : (
                <Text key="issue" as="span" tone="subdued">
                  No code possible
                </Text>
              ),
            ]}
          />
          <div style={{ padding: "12px" }}>
            <Text as="span" tone="subdued">{`${rows.length} of ${total} shown`}</Text>
          </div>
        </Card>
      </BlockStack>
    </Page>
  );
}
