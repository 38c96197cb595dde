import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { ListTable, WrapText } from "../components/list-table";
import prisma from "../db.server";
import { endpointDeliveryLog, resendDelivery } from "../integrations/endpoints.server";
import { actionError } from "../lib/action-error";
import { readStaffForm } from "../review/staff-form.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const log = await endpointDeliveryLog(prisma, session.shop, params.id ?? "");
  if (!log) throw new Response("That endpoint does not exist in this store.", { status: 404 });
  return log;
};

const actionSchema = z.object({
  intent: z.literal("resend", { errorMap: () => ({ message: "Unknown action" }) }),
  deliveryId: z.string().trim().min(1, "Choose a delivery").max(100),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const form = await readStaffForm(request, actionSchema);
  if (form instanceof Response) return form;
  const result = await resendDelivery(prisma, form.shop, form.data.deliveryId, form.actor);
  if (!result.ok) return actionError(result.status, result.error);
  return { done: "resent" as const };
};

const STATUS_TONE = { succeeded: "success", failed: "critical", pending: "attention" } as const;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

export default function DeliveryLog() {
  const { endpoint, deliveries, maxAttempts } = useLoaderData<typeof loader>();
  const result = useActionData<{ error: string } | { done: string }>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const busyId = navigation.formData?.get("deliveryId");

  return (
    <Page title="Delivery log" subtitle={endpoint.url} backAction={{ content: "Webhooks", url: "/app/integrations" }}>
      <TitleBar title="Delivery log" />
      <BlockStack gap="400">
        {result && "error" in result && <Banner tone="critical">{result.error}</Banner>}
        {result && "done" in result && <Banner tone="success">Delivery queued again with the same event id.</Banner>}
        {!endpoint.enabled && <Banner tone="warning">{endpoint.disabledReason ?? "This endpoint is off: nothing is sent to it."}</Banner>}
        <Card padding="0">
          <ListTable
            resourceName={{ singular: "delivery", plural: "deliveries" }}
            headings={["Event", "Status", "Attempts", "Response", "Next retry", ""]}
            items={deliveries}
            empty={{ heading: "Nothing sent yet", children: <Text as="p">Each referral event sent to this endpoint shows here. Use “Send test event” on the Webhooks page to try it.</Text> }}
            cells={(d) => [
              // The event id and time wrap so the columns after them stay readable.
              <WrapText key="event" minWidth="9rem">
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {d.type}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {d.eventId}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {when(d.eventAt)}
                  </Text>
                </BlockStack>
              </WrapText>,
              <Badge key="status" tone={STATUS_TONE[d.status as keyof typeof STATUS_TONE]}>
                {d.status === "pending" ? "retrying" : d.status}
              </Badge>,
              <WrapText key="attempts" anywhere={false}>{`${d.attempts} of ${maxAttempts}${d.resends ? ` · resent ${d.resends}×` : ""}`}</WrapText>,
              <WrapText key="response" minWidth="7rem">
                {d.status === "succeeded" ? `HTTP ${d.lastStatusCode} · ${when(d.deliveredAt)}` : (d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : "not tried yet"))}
              </WrapText>,
              <WrapText key="retry" anywhere={false} minWidth="5rem">
                {d.status === "pending" ? when(d.nextAttemptAt) : "—"}
              </WrapText>,
              d.status !== "pending" && (
                <Button key="resend" size="slim" loading={busyId === d.id} onClick={() => submit({ intent: "resend", deliveryId: d.id }, { method: "post" })}>
                  Resend
                </Button>
              ),
            ]}
          />
        </Card>
      </BlockStack>
    </Page>
  );
}
