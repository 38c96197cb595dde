import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link as RemixLink, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { ProgramPreview } from "../components/program-preview";
import prisma from "../db.server";
import { readProgramConfig } from "../program/program-config";
import { formToConfigInput } from "../program/program-form";
import { loadProgramEditor, saveProgramVersion } from "../program/program.server";
import { defaultProgramConfig, describeAdvocateReward, describeFriendOffer, storeCreditReadiness } from "../program/program-text";
import { fromRemixAdmin } from "../shopify/admin-graphql";
import { actionError } from "../lib/action-error";
import { staffActor } from "../review/staff-actor";
import { fetchShopProfile } from "../shopify/shop-profile.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const editor = await loadProgramEditor(prisma, session.shop, () => fetchShopProfile(fromRemixAdmin(admin)));
  return { currency: editor.currency, shopName: editor.shopName, alreadySetUp: editor.version !== null, form: editor.form, readiness: storeCreditReadiness(editor.canSpendStoreCredit) };
};

/** "Use these settings": saves the default program as version 1, paused. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const auth = await authenticate.admin(request);
  const { admin, session, redirect } = auth;
  const editor = await loadProgramEditor(prisma, session.shop, () => fetchShopProfile(fromRemixAdmin(admin)));
  if (editor.version !== null) throw redirect("/app/program");
  const result = await saveProgramVersion(prisma, {
    shop: session.shop,
    input: defaultProgramConfig(editor.currency, { canSpendStoreCredit: editor.canSpendStoreCredit ?? true }),
    actor: staffActor(auth),
    note: "Default program accepted at setup",
  });
  if (!result.ok) return actionError(422, Object.values(result.fieldErrors)[0] ?? "The default program could not be saved.");
  throw redirect("/app/program");
};

export default function Onboarding() {
  const { shopName, alreadySetUp, form, currency, readiness } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { error?: string } | undefined;
  const navigation = useNavigation();
  const config = readProgramConfig(formToConfigInput(form, currency).input);
  return (
    <Page title="Set up your referral program" narrowWidth={false}>
      <TitleBar title="Set up your referral program" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {actionData?.error && <Banner tone="critical">{actionData.error}</Banner>}
            <Banner tone={readiness.tone} title={readiness.title}>
              {readiness.message}
            </Banner>
            {alreadySetUp && (
              <Banner tone="info">
                Your program is already set up. <RemixLink to="/app/program">Open the program settings</RemixLink>.
              </Banner>
            )}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingLg">
                  Two-sided referrals, in three steps
                </Text>
                <List type="number">
                  <List.Item>A customer (the advocate) gets a personal link from your store and shares it with friends.</List.Item>
                  <List.Item>
                    A friend who opens the link gets <strong>{describeFriendOffer(config, "en", "others")}</strong>.
                  </List.Item>
                  <List.Item>
                    When the friend&apos;s order is paid and the {config.advocateReward.holdDays}-day hold has passed, the advocate gets{" "}
                    <strong>{describeAdvocateReward(config)}</strong>. Refunded or cancelled orders earn nothing.
                  </List.Item>
                </List>
                <Text as="p" tone="subdued">
                  Your program starts paused: nothing is shown to customers until you turn it on. You can change every setting later;
                  referrals keep the settings that were in force when they were made.
                </Text>
                <InlineStack gap="300">
                  <Form method="post">
                    <Button submit variant="primary" disabled={alreadySetUp} loading={navigation.state === "submitting"}>
                      Use these settings
                    </Button>
                  </Form>
                  <Button url="/app/program?new=1">Edit before saving</Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <ProgramPreview config={config} shopName={shopName} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
