import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import prisma from "../db.server";
import { addEndpoint, listEndpoints, removeEndpoint, revealEndpointSecret, sendTestEvent, setEndpointEnabled } from "../integrations/endpoints.server";
import { MAX_ENDPOINTS_PER_SHOP } from "../integrations/endpoint-url";
import { OUTGOING_EVENT_TYPES } from "../integrations/event-types";
import { endpointUrlPolicy } from "../integrations/url-policy.server";
import { actionError } from "../lib/action-error";
import { readStaffForm } from "../review/staff-form.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { endpoints: await listEndpoints(prisma, session.shop), maxEndpoints: MAX_ENDPOINTS_PER_SHOP, eventTypes: [...OUTGOING_EVENT_TYPES] };
};

const endpointId = z.string().trim().min(1, "Choose an endpoint").max(100);
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), url: z.string().max(4_000, "The URL is too long") }),
  z.object({ intent: z.literal("enable"), endpointId }),
  z.object({ intent: z.literal("disable"), endpointId }),
  z.object({ intent: z.literal("remove"), endpointId }),
  z.object({ intent: z.literal("reveal"), endpointId }),
  z.object({ intent: z.literal("test"), endpointId }),
], { errorMap: () => ({ message: "Unknown action" }) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const posted = await readStaffForm(request, actionSchema);
  if (posted instanceof Response) return posted;
  const { data: form, shop, actor } = posted;
  const refuse = (r: { status: 404 | 409 | 422; error: string }) => actionError(r.status, r.error);
  switch (form.intent) {
    case "add": {
      const added = await addEndpoint(prisma, shop, form.url, endpointUrlPolicy(), actor);
      if (!added.ok) return actionError(added.status, added.error, { field: "url" });
      return { done: "added" as const, endpointId: added.id, url: added.url, secret: added.secret };
    }
    case "enable":
    case "disable": {
      const result = await setEndpointEnabled(prisma, shop, form.endpointId, form.intent === "enable", actor);
      return result.ok ? { done: form.intent } : refuse(result);
    }
    case "remove": {
      const result = await removeEndpoint(prisma, shop, form.endpointId, actor);
      return result.ok ? { done: "removed" as const } : refuse(result);
    }
    case "reveal": {
      const result = await revealEndpointSecret(prisma, shop, form.endpointId, actor);
      return result.ok ? { done: "revealed" as const, endpointId: form.endpointId, secret: result.secret } : refuse(result);
    }
    case "test": {
      const result = await sendTestEvent(prisma, shop, form.endpointId, actor);
      return result.ok ? { done: "tested" as const, endpointId: form.endpointId, eventId: result.eventId } : refuse(result);
    }
  }
};

type ActionData = { error: string; field?: "url" } | { done: string; endpointId?: string; url?: string; secret?: string; eventId?: string };

const DONE_MESSAGES: Record<string, string> = {
  enable: "Endpoint turned on. New events are sent to it again.",
  disable: "Endpoint turned off. No events are sent to it until you turn it back on.",
  removed: "Endpoint removed with its delivery log.",
  tested: "Test event queued. It appears in the endpoint's delivery log within seconds.",
};

const EVENT_WORDS: Record<string, string> = {
  "referral.claimed": "a friend claimed an advocate's offer",
  "referral.qualified": "a referred order earned its rewards (by the checks or by staff approval)",
  "referral.flagged": "a referred order was held for staff review",
  "referral.rejected": "a referral was rejected (not eligible, fraud, or by staff)",
  "referral.cancelled": "the referred order was cancelled",
  "reward.issued": "store credit or a discount code reached the advocate or friend",
  "reward.reversed": "an issued reward was taken back after a refund, in whole or in part",
  "test.ping": "sent by “Send test event”",
};

export default function Integrations() {
  const { endpoints, maxEndpoints, eventTypes } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [url, setUrl] = useState("");
  const busy = (intent: string, id?: string) => navigation.state !== "idle" && navigation.formData?.get("intent") === intent && (!id || navigation.formData?.get("endpointId") === id);
  const post = (intent: string, id: string) => submit({ intent, endpointId: id }, { method: "post" });
  const shownSecret = result && "secret" in result && result.secret ? result : null;
  useEffect(() => {
    if (result && "done" in result && result.done === "added") setUrl("");
  }, [result]);

  return (
    <Page title="Webhooks" subtitle="Send every referral event to your own tools (Zapier, Klaviyo flows, your server) as signed JSON.">
      <TitleBar title="Webhooks" />
      <BlockStack gap="400">
        {result && "error" in result && !result.field && <Banner tone="critical">{result.error}</Banner>}
        {result && "done" in result && DONE_MESSAGES[result.done] && <Banner tone="success">{DONE_MESSAGES[result.done]}</Banner>}
        {shownSecret && (
          <Banner tone={shownSecret.done === "added" ? "success" : "info"} title={shownSecret.done === "added" ? `Endpoint added: ${shownSecret.url}` : "Signing secret"}>
            <BlockStack gap="100">
              <Text as="p">Use this secret to check the Twofold-Signature header of every delivery (docs/WEBHOOKS.md shows how):</Text>
              <Text as="p" fontWeight="semibold">
                <code data-testid="endpoint-secret">{shownSecret.secret}</code>
              </Text>
            </BlockStack>
          </Banner>
        )}
        {endpoints
          .filter((e) => !e.enabled && e.disabledReason && !e.disabledReason.startsWith("Turned off by"))
          .map((e) => (
            <Banner key={e.id} tone="warning" title={`${e.url} was turned off`}>
              <Text as="p">{e.disabledReason}</Text>
            </Banner>
          ))}
        <Layout>
          <Layout.AnnotatedSection
            title="Endpoints"
            description={`Up to ${maxEndpoints} HTTPS URLs. Each event is POSTed to each endpoint once it answers 2xx within 5 seconds; failures are retried with growing waits for several hours.`}
          >
            <BlockStack gap="400">
              {endpoints.map((e) => (
                <Card key={e.id}>
                  <BlockStack gap="200">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <Text as="h2" variant="headingSm" breakWord>
                        {e.url}
                      </Text>
                      {e.enabled ? (e.failingSince ? <Badge tone="warning">Failing</Badge> : <Badge tone="success">On</Badge>) : <Badge tone="critical">Off</Badge>}
                    </InlineStack>
                    <Text as="p" tone="subdued">{`Secret ${e.maskedSecret} · ${e.delivered} delivered · ${e.pending} being tried · ${e.failed} failed`}</Text>
                    <InlineStack gap="200">
                      <Link to={`/app/integrations/${e.id}`}>Delivery log</Link>
                    </InlineStack>
                    <InlineStack gap="200">
                      <Button onClick={() => post("test", e.id)} loading={busy("test", e.id)}>
                        Send test event
                      </Button>
                      <Button onClick={() => post("reveal", e.id)} loading={busy("reveal", e.id)}>
                        Reveal secret
                      </Button>
                      <Button onClick={() => post(e.enabled ? "disable" : "enable", e.id)} loading={busy(e.enabled ? "disable" : "enable", e.id)}>
                        {e.enabled ? "Turn off" : "Turn on"}
                      </Button>
                      <Button tone="critical" variant="plain" onClick={() => post("remove", e.id)} loading={busy("remove", e.id)}>
                        Remove
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Card>
              ))}
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="add" />
                  <BlockStack gap="200">
                    <TextField
                      label="Endpoint URL"
                      name="url"
                      value={url}
                      onChange={setUrl}
                      autoComplete="off"
                      placeholder="https://hooks.example.com/twofold"
                      error={result && "error" in result && result.field === "url" ? result.error : undefined}
                      helpText="It receives a POST with a JSON body for each event. A signing secret is made for it."
                    />
                    <Box>
                      <Button submit variant="primary" loading={busy("add")} disabled={endpoints.length >= maxEndpoints}>
                        Add endpoint
                      </Button>
                    </Box>
                  </BlockStack>
                </Form>
              </Card>
            </BlockStack>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title="Events" description="What is sent. Bodies name customers by their Shopify id and never carry emails or names.">
            <Card>
              <BlockStack gap="100">
                {eventTypes.map((t) => (
                  <Text as="p" key={t}>
                    <code>{t}</code>
                    {` ${EVENT_WORDS[t]}`}
                  </Text>
                ))}
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
      </BlockStack>
    </Page>
  );
}
