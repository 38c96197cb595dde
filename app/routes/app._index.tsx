import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "../db.server";
import { authenticate } from "../shopify.server";
import { loadShopOverview } from "../shops/shop-overview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadShopOverview(prisma, session.shop);
};

export default function Index() {
  const overview = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Twofold" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingLg">
                  Referral program
                </Text>
                <Badge tone={overview.programStatus === "active" ? "success" : "attention"}>
                  {overview.programStatus === "active" ? "Active" : overview.programStatus === "paused" ? "Paused" : "Not set up"}
                </Badge>
              </InlineStack>
              <Text as="p" variant="bodyMd">
                Twofold rewards customers who refer their friends: the friend gets a discount on their first order and
                the customer who referred them earns store credit once the order is paid and the return window has
                passed.
              </Text>
              <Text as="p" variant="bodyMd" tone="subdued">
                Connected to {overview.shop}.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                At a glance
              </Text>
              <Text as="p">Advocates: {overview.advocates}</Text>
              <Text as="p">Referrals: {overview.referrals}</Text>
              <Text as="p">Jobs waiting: {overview.jobsQueued}</Text>
              <Text as="p" tone={overview.jobsDead > 0 ? "critical" : undefined}>
                Jobs that need attention: {overview.jobsDead}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
