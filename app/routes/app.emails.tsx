import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, Divider, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { SectionCard } from "../components/section-card";
import { MainColumn, SideColumn } from "../components/columns";
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
import {
  emailHtmlPreviews,
  emailPreviewShop,
  listRecentEmails,
  loadEmailBranding,
  loadEmailTemplates,
  saveEmailBranding,
  saveEmailTemplate,
  type EditableTemplate,
} from "../notifications/email-settings.server";
import { matchLocale } from "../lib/i18n/locales";
import { LANGUAGE_OPTIONS } from "../components/language-options";
import { optOutEmail } from "../notifications/queue-email.server";
import { staffActor } from "../review/staff-actor";
import { authenticate } from "../shopify.server";
import { invalidFields, invalidForm } from "../lib/action-error";
import { setting } from "../env.server";
import { dateTimeText } from "../lib/date-text";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const branding = await loadEmailBranding(prisma, session.shop);
  // The language the texts are edited and previewed in (?lang=), the shop's primary one by default.
  const lang = matchLocale(new URL(request.url).searchParams.get("lang")) ?? branding.primaryLocale;
  const [templates, emails, previewShop, htmlPreviews] = await Promise.all([
    loadEmailTemplates(prisma, session.shop, lang),
    listRecentEmails(prisma, session.shop),
    emailPreviewShop(prisma, session.shop, lang),
    emailHtmlPreviews(prisma, session.shop, lang),
  ]);
  return {
    smtpConfigured: !!setting("SMTP_URL"),
    templates,
    previewShop,
    branding,
    lang,
    htmlPreviews,
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
  const auth = await authenticate.admin(request);
  const { session } = auth;
  const form = Object.fromEntries(await request.formData());
  const actor = staffActor(auth);
  if (form.intent === "branding") {
    const saved = await saveEmailBranding(prisma, session.shop, form, actor);
    if (!saved.ok) return invalidFields(saved.fieldErrors, "Nothing was saved: fix the highlighted fields.", { intent: "branding" });
    return { intent: "branding", ok: true };
  }
  if (form.intent === "opt-out") {
    const parsed = optOutSchema.safeParse(form);
    if (!parsed.success) return invalidForm(parsed.error, { intent: "opt-out" });
    await optOutEmail(prisma, session.shop, parsed.data.email, actor);
    return { intent: "opt-out", ok: true };
  }
  const parsed = saveSchema.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error, { intent: "save" });
  const { kind, subject, body, enabled, daysBefore } = parsed.data;
  const lang = matchLocale(typeof form.lang === "string" ? form.lang : null) ?? undefined;
  const result = await saveEmailTemplate(prisma, session.shop, kind, { enabled: enabled === "on", subject, body, daysBefore: daysBefore ? Number(daysBefore) : null }, actor, lang);
  if (!result.ok) return invalidFields({ ...result.problems }, undefined, { intent: "save", kind });
  return { intent: "save", kind, ok: true };
};

type ActionData = { intent: string; kind?: EmailKind; ok?: boolean; error?: string; fieldErrors?: Record<string, string> };

function TemplateEditor({ template, result, previewShop, lang, primary, html }: { template: EditableTemplate; result?: ActionData; previewShop: PreviewShop; lang: string; primary: boolean; html: string }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [enabled, setEnabled] = useState(template.enabled);
  const [daysBefore, setDaysBefore] = useState(String(template.daysBefore ?? ""));
  const navigation = useNavigation();
  const samples = sampleValues(previewShop, lang)[template.kind];
  const rendered = renderEmail({ subject, body }, samples);
  // Every email ends with the recipient's own unsubscribe link; the preview shows where.
  const preview = { subject: rendered.subject, body: withUnsubscribeFooter(rendered.body, previewShop.shopName, "https://…/unsubscribe/…", lang) };
  // Advocates paid with a code (classic accounts, "issue as a code instead", milestone codes) get this.
  const codeSamples = codePayoutSampleValues(previewShop, lang)[template.kind];
  const codePreview = codeSamples ? renderEmail(templateForPayout(template.kind, { subject, body }, "discount_code", lang), codeSamples) : null;
  const builtInForCodes = codePreview !== null && !carriesRewardCode(template.kind, { subject, body });
  const problems = result?.kind === template.kind ? result.fieldErrors : undefined;
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="kind" value={template.kind} />
        <input type="hidden" name="lang" value={lang} />
        {/* On/off and timing belong to the kind, set in the primary language: carried unchanged here. */}
        {!primary && enabled && <input type="hidden" name="enabled" value="on" />}
        {!primary && template.daysBefore != null && <input type="hidden" name="daysBefore" value={daysBefore} />}
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {EMAIL_KIND_LABELS[template.kind]} {template.customized ? <Badge>Edited</Badge> : <Badge tone="info">Default</Badge>}
          </Text>
          {result?.kind === template.kind && result.ok && <Banner tone="success">Saved. New emails use this text.</Banner>}
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <BlockStack gap="200">
              {/* value="on": a Polaris Checkbox without a value posts "" when ticked (React sets value="" on it). */}
              {primary ? (
                <Checkbox label="Send this email" name="enabled" value="on" checked={enabled} onChange={setEnabled} />
              ) : (
                !template.customized && (
                  <Text as="p" tone="subdued">
                    No text in this language yet: shoppers who speak it get the text below. Save to give them their own.
                  </Text>
                )
              )}
              <TextField label="Subject" name="subject" value={subject} onChange={setSubject} autoComplete="off" error={problems?.subject} />
              <TextField label="Message" name="body" value={body} onChange={setBody} multiline={8} autoComplete="off" error={problems?.body} />
              {primary && template.daysBefore != null && (
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
                <Text as="p" variant="bodySm" tone="subdued">
                  As sent (HTML, saved text)
                </Text>
                <iframe title={`${EMAIL_KIND_LABELS[template.kind]}: HTML as sent`} srcDoc={html} sandbox="" style={{ width: "100%", height: 480, border: "1px solid #e1e3e5", borderRadius: 8, background: "#fff" }} data-testid={`html-preview-${template.kind}`} />
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
  const { templates, emails, smtpConfigured, previewShop, branding, lang, htmlPreviews } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const [, setSearchParams] = useSearchParams();
  const primary = lang === branding.primaryLocale;
  return (
    <Page title="Notification emails" backAction={{ url: "/app" }}>
      <TitleBar title="Notification emails" />
      <Layout>
        <MainColumn>
          {!smtpConfigured && <Banner tone="warning">No mail server is configured (SMTP_URL). Emails are queued and retried until one is.</Banner>}
          {/* A template's own problems show at its fields; the banner is for a form that did not parse. */}
          {result?.intent === "save" && result.error && !result.fieldErrors && <Banner tone="critical">{result.error}</Banner>}
          <BrandingCard branding={branding} result={result} />
          <Card>
            <Select
              label="Language of the texts"
              helpText="Shoppers get emails in their storefront language; a language without its own text uses the primary language's."
              options={LANGUAGE_OPTIONS.map((o) => ({ ...o, label: o.value === branding.primaryLocale ? `${o.label}, primary` : o.label }))}
              value={lang}
              onChange={(value) => setSearchParams({ lang: value })}
            />
          </Card>
          {templates.map((t) => (
            <TemplateEditor key={`${t.kind}:${lang}`} template={t} result={result} previewShop={previewShop} lang={lang} primary={primary} html={htmlPreviews[t.kind]} />
          ))}
        </MainColumn>
        <SideColumn>
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
          <SectionCard title="Recent emails" gap="200">
            {emails.length === 0 ? (
              <Text as="p" tone="subdued">
                No emails yet. They are sent when a friend gets a code or their code is about to expire, an advocate earns a reward, credit is about to expire or a milestone is reached.
              </Text>
            ) : (
              <RecentEmails emails={emails} />
            )}
          </SectionCard>
        </SideColumn>
      </Layout>
    </Page>
  );
}

/** The shop's look and sender in every email, and the language of shoppers Twofold has not seen. */
function BrandingCard({ branding, result }: { branding: { logoUrl: string; accentColor: string; senderName: string; replyTo: string; primaryLocale: string }; result?: ActionData }) {
  const [values, setValues] = useState(branding);
  const set = (key: keyof typeof branding) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const errors: Record<string, string> = result?.intent === "branding" ? (result.fieldErrors ?? {}) : {};
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="branding" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Branding and language
          </Text>
          {result?.intent === "branding" && result.ok && <Banner tone="success">Saved. New emails use this look.</Banner>}
          {result?.intent === "branding" && result.error && <Banner tone="critical">{result.error}</Banner>}
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField label="Logo URL" name="logoUrl" value={values.logoUrl} onChange={set("logoUrl")} autoComplete="off" placeholder="https://cdn.shopify.com/…/logo.png" helpText="Shown at the top of every email. Leave empty to show the shop name." error={errors.logoUrl} />
            <TextField label="Accent colour" name="accentColor" value={values.accentColor} onChange={set("accentColor")} autoComplete="off" placeholder="#1f5f4a" error={errors.accentColor} />
            <TextField label="Sender name" name="senderName" value={values.senderName} onChange={set("senderName")} autoComplete="off" helpText="Shown as the sender; the sending address stays Twofold's." error={errors.senderName} />
            <TextField label="Reply-to address" name="replyTo" type="email" value={values.replyTo} onChange={set("replyTo")} autoComplete="off" helpText="Where shoppers' replies go." error={errors.replyTo} />
            <Select label="Primary language" name="primaryLocale" options={LANGUAGE_OPTIONS} value={values.primaryLocale} onChange={set("primaryLocale")} helpText="For shoppers whose language is not known, and the fallback for texts not given in a language." error={errors.primaryLocale} />
          </InlineGrid>
          <Box>
            <Button submit>Save branding</Button>
          </Box>
        </BlockStack>
      </Form>
    </Card>
  );
}

/** What became of an email, in the merchant's words (SentEmail.status), and its badge's tone. */
const EMAIL_STATUS: Record<string, { words: string; tone?: "success" | "attention" | "critical" | "info" }> = {
  queued: { words: "Waiting to send", tone: "info" },
  sending: { words: "Sending", tone: "info" },
  sent: { words: "Sent", tone: "success" },
  failed: { words: "Not sent yet", tone: "critical" },
  skipped: { words: "Not sent", tone: "attention" },
  unknown: { words: "Outcome unknown", tone: "attention" },
};

type RecentEmail = { id: string; kind: string; status: string; toEmail: string | null; lastError: string | null; createdAt: string; sentAt: string | null };

/**
 * The recent emails as a list, one block per email (what, status, to whom, when, why not sent):
 * in the narrow side column a table of three columns cut its status off behind scroll arrows.
 */
function RecentEmails({ emails }: { emails: RecentEmail[] }) {
  return (
    <BlockStack gap="300" as="ul">
      {emails.map((e, i) => {
        const status = EMAIL_STATUS[e.status] ?? { words: e.status };
        return (
          <Box as="li" key={e.id}>
            <BlockStack gap="100">
              {i > 0 && <Divider />}
              <InlineStack gap="200" align="space-between" blockAlign="start">
                <Text as="span" fontWeight="semibold">
                  {EMAIL_KIND_LABELS[e.kind as EmailKind] ?? e.kind}
                </Text>
                <Badge tone={status.tone}>{status.words}</Badge>
              </InlineStack>
              <Text as="p" tone="subdued" breakWord>
                {e.toEmail ? `To ${e.toEmail}` : "The address shows once it is sent"}
              </Text>
              {e.lastError && e.status !== "sent" && (
                <Text as="p" tone={e.status === "skipped" ? "subdued" : "critical"} breakWord>
                  {`Why: ${e.lastError}`}
                </Text>
              )}
              <Text as="p" tone="subdued" variant="bodySm">
                {dateTimeText(e.sentAt ?? e.createdAt)}
              </Text>
            </BlockStack>
          </Box>
        );
      })}
    </BlockStack>
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
