import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, InlineGrid, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { fieldName, fraudSettingsToForm, parseFraudSettingsForm, rulesForForm, type RuleMode } from "../fraud/fraud-settings-form";
import { fraudSettingsSavedBy, loadFraudSettings, saveFraudSettings } from "../fraud/fraud-settings.server";
import prisma from "../db.server";
import { invalidFields } from "../lib/action-error";
import { staffActor } from "../review/staff-actor";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [settings, saved] = await Promise.all([loadFraudSettings(prisma, session.shop), fraudSettingsSavedBy(prisma, session.shop)]);
  return { form: fraudSettingsToForm(settings), rules: rulesForForm(), savedAt: saved?.updatedAt.toISOString() ?? null, savedBy: saved?.updatedBy ?? null };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const auth = await authenticate.admin(request);
  const parsed = parseFraudSettingsForm(Object.fromEntries(await request.formData()));
  if (!parsed.ok) return invalidFields(parsed.fieldErrors, "Nothing was saved: fix the highlighted settings.", { ok: false });
  await saveFraudSettings(prisma, auth.session.shop, parsed.settings, staffActor(auth));
  return { ok: true as const };
};

type ActionData = { ok: true } | { ok: false; error: string; fieldErrors: Record<string, string> };

const MODE_LABELS: Record<RuleMode, string> = {
  score: "Add points to the score",
  hold: "Always hold for review",
  reject: "Always reject",
  off: "Off",
};

export default function FraudSettingsPage() {
  const { form, rules, savedAt, savedBy } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const [values, setValues] = useState(form);
  const errors = result && !result.ok ? result.fieldErrors : {};
  const field = (name: string) => ({
    name,
    value: values[name] ?? "",
    onChange: (v: string) => setValues((prev) => ({ ...prev, [name]: v })),
    error: errors[name],
  });

  return (
    <Page title="Fraud checks" subtitle="How Twofold scores referred orders, and what happens to a referral that looks wrong.">
      <TitleBar title="Fraud checks" />
      <Form method="post">
        <BlockStack gap="400">
          {result?.ok && <Banner tone="success">Saved. New referral orders are checked with these settings.</Banner>}
          {result && !result.ok && <Banner tone="critical">{result.error}</Banner>}
          <Layout>
            <Layout.AnnotatedSection title="Score threshold" description="Each check that fires adds its points (the score is capped at 100). A referral whose score reaches the threshold is held or rejected.">
              <Card>
                <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                  <TextField label="Threshold (1–100)" type="number" autoComplete="off" {...field("threshold")} />
                  <Select
                    label="At or above the threshold"
                    options={[
                      { label: "Hold for review", value: "hold" },
                      { label: "Reject", value: "reject" },
                    ]}
                    {...field("thresholdAction")}
                  />
                </InlineGrid>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Checks"
              description="Each check adds its points, or decides on its own: hold the referral for review or reject it. An order by the advocate's own customer account or email is never rewarded automatically; set Self-referral to hold to review those instead of rejecting them."
            >
              <BlockStack gap="400">
                {rules.map((rule) => (
                  <Card key={rule.id}>
                    <BlockStack gap="300">
                      <Text as="h2" variant="headingMd">
                        {rule.title}
                      </Text>
                      <Text as="p" tone="subdued">
                        {rule.description}
                      </Text>
                      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                        <Select label="When it fires" options={(Object.keys(MODE_LABELS) as RuleMode[]).map((m) => ({ label: MODE_LABELS[m], value: m }))} {...field(fieldName.mode(rule.id))} />
                        <TextField label="Points (0–100)" type="number" autoComplete="off" helpText={`Default ${rule.defaultWeight}`} {...field(fieldName.weight(rule.id))} />
                      </InlineGrid>
                      {rule.fields.map((f) => {
                        const name = fieldName.config(rule.id, f.key);
                        if (f.kind === "boolean") {
                          return (
                            <Checkbox
                              key={name}
                              label={f.label}
                              helpText={f.help}
                              name={name}
                              value="on"
                              checked={values[name] === "on"}
                              onChange={(checked) => setValues((prev) => ({ ...prev, [name]: checked ? "on" : "" }))}
                              error={errors[name]}
                            />
                          );
                        }
                        if (f.kind === "domains") return <TextField key={name} label={f.label} helpText={f.help} multiline={3} autoComplete="off" {...field(name)} />;
                        return <TextField key={name} label={f.label} helpText={f.help} type="number" step={f.kind === "decimal" ? 0.01 : 1} autoComplete="off" {...field(name)} />;
                      })}
                    </BlockStack>
                  </Card>
                ))}
              </BlockStack>
            </Layout.AnnotatedSection>
          </Layout>
          <Box paddingBlockEnd="800">
            <BlockStack gap="200" inlineAlign="end">
              <Button submit variant="primary" loading={navigation.state === "submitting"}>
                Save
              </Button>
              {savedAt && (
                <Text as="p" variant="bodySm" tone="subdued">
                  {`Last saved ${new Date(savedAt).toLocaleString()}${savedBy ? ` by ${savedBy}` : ""}`}
                </Text>
              )}
            </BlockStack>
          </Box>
        </BlockStack>
      </Form>
    </Page>
  );
}
