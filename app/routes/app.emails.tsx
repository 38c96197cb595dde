import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, DataTable, InlineGrid, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import prisma from "../db.server";
import {
  carriesRewardCode,
  codePayoutSampleValues,
  EMAIL_KIND_LABELS,
  EMAIL_KINDS,
  renderEmail,
  sampleValues,
  templateForPayout,
  withUnsubscribeFooter,
  type EmailKind,
  type PreviewShop,
} from "../notifications/email-templates";
import { emailPreviewShop, listRecentEmails, loadEmailTemplates, saveEmailTemplate, type EditableTemplate } from "../notifications/email-settings.server";
import { optOutEmail } from "../notifications/queue-email.server";
import { authenticate } from "../shopify.server";
import { invalidForm } from "../lib/action-error";
import { setting } from "../env.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [templates, emails, previewShop] = await Promise.all([loadEmailTemplates(prisma, session.shop), listRecentEmails(prisma, session.shop), emailPreviewShop(prisma, session.shop)]);
  return {
    smtpConfigured: !!setting("SMTP_URL"),
    templates,
    previewShop,
    emails: emails.map((e) => ({ ...e, createdAt: e.createdAt.toISOString(), sentAt: e.sentAt?.toISOString() ?? null })),
  };
};

const saveSchema = z.object({
  intent: z.literal("save"),
  kind: z.enum(EMAIL_KINDS, { errorMap: () => ({ message: "Choose which email to save" }) }),
  enabled: z.string().optional(),
  subject: z.string().default(""),
  body: z.string().default(""),
  daysBefore: z.string().optional(),
});
const optOutSchema = z.object({ intent: z.literal("opt-out"), email: z.string().trim().email("Enter the customer's email address") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const actor = `staff:${session.onlineAccessInfo?.associated_user?.id ?? session.id}`;
  if (form.intent === "opt-out") {
    const parsed = optOutSchema.safeParse(form);
    if (!parsed.success) return invalidForm(parsed.error, { intent: "opt-out" });
    await optOutEmail(prisma, session.shop, parsed.data.email, actor);
    return { intent: "opt-out", ok: true };
  }
  const parsed = saveSchema.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error, { intent: "save" });
  const { kind, subject, body, enabled, daysBefore } = parsed.data;
  const result = await saveEmailTemplate(prisma, session.shop, kind, { enabled: enabled === "on", subject, body, daysBefore: daysBefore ? Number(daysBefore) : null }, actor);
  if (!result.ok) return Response.json({ intent: "save", kind, problems: result.problems }, { status: 422 });
  return { intent: "save", kind, ok: true };
};

type ActionData = { intent: string; kind?: EmailKind; ok?: boolean; error?: string; problems?: Record<string, string> };

function TemplateEditor({ template, result, previewShop }: { template: EditableTemplate; result?: ActionData; previewShop: PreviewShop }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [enabled, setEnabled] = useState(template.enabled);
  const [daysBefore, setDaysBefore] = useState(String(template.daysBefore ?? ""));
  const navigation = useNavigation();
  const samples = sampleValues(previewShop)[template.kind];
  const rendered = renderEmail({ subject, body }, samples);
  // Every email ends with the recipient's own unsubscribe link; the preview shows where.
  const preview = { subject: rendered.subject, body: withUnsubscribeFooter(rendered.body, previewShop.shopName, "https://…/unsubscribe/…") };
  // Advocates paid with a code (classic accounts, "issue as a code instead", milestone codes) get this.
  const codeSamples = codePayoutSampleValues(previewShop)[template.kind];
  const codePreview = codeSamples ? renderEmail(templateForPayout(template.kind, { subject, body }, "discount_code"), codeSamples) : null;
  const builtInForCodes = codePreview !== null && !carriesRewardCode(template.kind, { subject, body });
  const problems = result?.kind === template.kind ? result.problems : undefined;
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="kind" value={template.kind} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {EMAIL_KIND_LABELS[template.kind]} {template.customized ? <Badge>Edited</Badge> : <Badge tone="info">Default</Badge>}
          </Text>
          {result?.kind === template.kind && result.ok && <Banner tone="success">Saved. New emails use this text.</Banner>}
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <BlockStack gap="200">
              {/* value="on": a Polaris Checkbox without a value posts "" when ticked (React sets value="" on it). */}
              <Checkbox label="Send this email" name="enabled" value="on" checked={enabled} onChange={setEnabled} />
              <TextField label="Subject" name="subject" value={subject} onChange={setSubject} autoComplete="off" error={problems?.subject} />
              <TextField label="Message" name="body" value={body} onChange={setBody} multiline={8} autoComplete="off" error={problems?.body} />
              {template.daysBefore != null && (
                <TextField
                  label={template.kind === "friend_reminder" ? "Days before the friend's code expires" : "Days before the credit expires"}
                  helpText={template.kind === "friend_reminder" ? "Sent once to a friend who claimed a code and has not ordered yet. Codes without an expiry get no reminder." : undefined}
                  name="daysBefore" type="number" value={daysBefore} onChange={setDaysBefore} autoComplete="off" error={problems?.daysBefore} />
              )}
              <Text as="p" variant="bodySm" tone="subdued">
                Placeholders: {Object.keys(samples).map((p) => `{{${p}}}`).join(" ")}
              </Text>
              <Box>
                <Button submit loading={navigation.state === "submitting" && navigation.formData?.get("kind") === template.kind}>
                  Save
                </Button>
              </Box>
            </BlockStack>
            <Box background="bg-surface-secondary" padding="300" borderRadius="200">
              <BlockStack gap="200">
                <Text as="p" variant="bodySm" tone="subdued">
                  Preview with sample values
                </Text>
                <RenderedEmail email={preview} />
                {codePreview && (
                  <>
                    <Text as="p" variant="bodySm" tone="subdued">
                      When the reward is paid as a discount code
                      {builtInForCodes ? " (your text does not include the code, so the built-in text is sent instead; add {{reward_summary}} or {{reward_code}})" : ""}
                    </Text>
                    <RenderedEmail email={codePreview} />
                  </>
                )}
              </BlockStack>
            </Box>
          </InlineGrid>
        </BlockStack>
      </Form>
    </Card>
  );
}

export default function Emails() {
  const { templates, emails, smtpConfigured, previewShop } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  return (
    <Page title="Notification emails" backAction={{ url: "/app" }}>
      <TitleBar title="Notification emails" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {!smtpConfigured && <Banner tone="warning">No mail server is configured (SMTP_URL). Emails are queued and retried until one is.</Banner>}
            {result?.intent === "save" && result.error && <Banner tone="critical">{result.error}</Banner>}
            {templates.map((t) => (
              <TemplateEditor key={t.kind} template={t} result={result} previewShop={previewShop} />
            ))}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="opt-out" />
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Stop emails to a customer
                  </Text>
                  <TextField label="Customer email" name="email" type="email" autoComplete="off" error={result?.intent === "opt-out" ? result.error : undefined} />
                  {result?.intent === "opt-out" && result.ok && <Banner tone="success">This customer will get no more referral emails.</Banner>}
                  <Box>
                    <Button submit>Opt out</Button>
                  </Box>
                </BlockStack>
              </Form>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Recent emails
                </Text>
                {emails.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No emails yet. They are sent when a friend gets a code or their code is about to expire, an advocate earns a reward, credit is about to expire or a milestone is reached.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text"]}
                    headings={["Email", "To", "Status"]}
                    rows={emails.map((e) => [EMAIL_KIND_LABELS[e.kind as EmailKind] ?? e.kind, e.toEmail ?? "–", e.lastError && e.status !== "sent" ? `${e.status}: ${e.lastError}` : e.status])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** One rendered email of the preview: the subject, then the body with its line breaks. */
function RenderedEmail({ email }: { email: { subject: string; body: string } }) {
  return (
    <>
      <Text as="p" fontWeight="semibold">
        {email.subject}
      </Text>
      <div style={{ whiteSpace: "pre-wrap" }}>
        <Text as="p">{email.body}</Text>
      </div>
    </>
  );
}
