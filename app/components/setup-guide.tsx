// The setup guide card on the admin home: each step ticked from what the shop has, with the
// next thing to do and a link to where it is done.
import { Form } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { SetupStep } from "../shops/setup-guide.server";

export interface SetupGuideView {
  steps: SetupStep[];
  done: number;
  themeCheckedAt: string | null;
}

export function SetupGuide({ guide, checking, error }: { guide: SetupGuideView; checking: string | null; error?: string | null }) {
  const total = guide.steps.length;
  const checked = guide.themeCheckedAt ? new Date(guide.themeCheckedAt).toISOString().slice(11, 16) : null;
  const heading = (
    <>
      <InlineStack align="space-between" blockAlign="center">
        <Text as="h2" variant="headingMd">
          Setup guide
        </Text>
        <Text as="span" tone="subdued" id="setup-guide-progress">
          {guide.done} of {total} done
        </Text>
      </InlineStack>
      {/* Whole percent: the bar's text for screen readers reads "67%", not "66.66666666666666%". */}
      <ProgressBar progress={Math.round((guide.done / total) * 100)} size="small" tone="success" />
    </>
  );
  if (guide.done === total) {
    return (
      <Card>
        <BlockStack gap="300">
          {heading}
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              You&apos;re all set
            </Text>
            <Text as="p" tone="subdued">
              Your program is live, your theme shows it to customers and a test referral worked. Referrals and rewards appear on this page as they come in. If a step needs you again (the app embed turned off, say), this guide comes back.
            </Text>
          </BlockStack>
          <Form method="post">
            <input type="hidden" name="intent" value="dismiss-guide" />
            <Button submit size="slim" loading={checking === "dismiss-guide"}>
              Dismiss
            </Button>
          </Form>
        </BlockStack>
      </Card>
    );
  }
  return (
    <Card>
      <BlockStack gap="300">
        {heading}
        <BlockStack gap="200" as="ul">
          {guide.steps.map((step) => (
            <Box as="li" key={step.id} id={`setup-step-${step.id}`} paddingBlock="100">
              <InlineStack gap="300" blockAlign="start" wrap={false}>
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Badge tone={step.done ? "success" : undefined} progress={step.done ? "complete" : "incomplete"}>
                      {step.done ? "Done" : "To do"}
                    </Badge>
                    <Text as="span" fontWeight="semibold">
                      {step.title}
                    </Text>
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {step.detail}
                  </Text>
                  {step.intent && (
                    <Form method="post">
                      <input type="hidden" name="intent" value={step.intent.name} />
                      <Button submit size="slim" loading={checking === step.intent.name}>
                        {step.intent.label}
                      </Button>
                    </Form>
                  )}
                  {step.intent && error && (
                    <Text as="p" tone="critical" id={`setup-step-${step.id}-error`}>
                      {error}
                    </Text>
                  )}
                  {step.action && (
                    <Box>
                      <Button url={step.action.url} target={step.action.external ? "_top" : undefined} size="slim">
                        {step.action.label}
                      </Button>
                    </Box>
                  )}
                </BlockStack>
              </InlineStack>
            </Box>
          ))}
        </BlockStack>
        <Form method="post">
          <input type="hidden" name="intent" value="check-theme" />
          <InlineStack gap="200" blockAlign="center">
            <Button submit loading={checking === "check-theme"} size="slim">
              Check again
            </Button>
            <Text as="span" tone="subdued" variant="bodySm">
              {checked ? `Theme last checked at ${checked} UTC.` : "Your theme has not been checked yet."}
            </Text>
          </InlineStack>
        </Form>
      </BlockStack>
    </Card>
  );
}
