import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineGrid, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { z } from "zod";
import { PERIOD_DAYS } from "../analytics/dashboard";
import { loadDashboard } from "../analytics/dashboard.server";
import { dashboardView } from "../analytics/dashboard-view";
import { DashboardTrendChart } from "../components/dashboard-trend-chart";
import { SectionCard } from "../components/section-card";
import { MainColumn, SideColumn } from "../components/columns";
import prisma from "../db.server";
import { authenticate } from "../shopify.server";
import { loadShopOverview } from "../shops/shop-overview.server";
import { limitRefusalsSince } from "../storefront/rate-limit.server";
import { countUnansweredPrivacyRequests } from "../compliance/privacy-requests.server";
import { SetupGuide } from "../components/setup-guide";
import { env } from "../env.server";
import { actionError } from "../lib/action-error";
import { fromRemixAdmin } from "../shopify/admin-graphql";
import { checkThemeSetup, dismissSetupGuide, loadSetupGuide } from "../shops/setup-guide.server";
import { runTestReferral } from "../program/test-referral.server";
import { staffActor } from "../review/staff-actor";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

const daysParam = z.coerce.number().refine((d) => (PERIOD_DAYS as readonly number[]).includes(d)).catch(30);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const days = daysParam.parse(new URL(request.url).searchParams.get("days") ?? 30);
  const overview = await loadShopOverview(prisma, session.shop);
  const dashboard = overview.programStatus === "none" ? null : dashboardView(await loadDashboard(prisma, session.shop, { days }));
  // Storefront requests refused by the abuse limits (docs/OPERATIONS.md, "Rate and mint limits").
  const limitRefusals = await limitRefusalsSince(prisma, session.shop, new Date(Date.now() - 86_400_000));
  const privacyRequests = await countUnansweredPrivacyRequests(prisma, session.shop);
  const guide = await loadSetupGuide(prisma, session.shop, {
    apiKey: env().SHOPIFY_API_KEY,
    program: { saved: overview.programSaved, active: overview.programStatus === "active" },
  });
  // A completed guide stays, saying all is set, until staff dismiss it.
  return { overview, days, dashboard, limitRefusals, privacyRequests, guide: guide.dismissed ? null : guide };
};

/**
 * The setup guide's buttons: "Check again" reads the published theme now (staff asked; the page
 * otherwise leaves it to a job); "Run a test referral" runs the dry run on the shop; "Dismiss"
 * puts away the completed guide.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const auth = await authenticate.admin(request);
  const { admin, session } = auth;
  const intent = (await request.formData()).get("intent");
  if (intent === "check-theme") {
    await checkThemeSetup(prisma, session.shop, fromRemixAdmin(admin));
    return { ok: true };
  }
  if (intent === "dismiss-guide") {
    await dismissSetupGuide(prisma, session.shop, staffActor(auth));
    return { ok: true };
  }
  if (intent === "test-referral") {
    const result = await runTestReferral(prisma, session.shop, fromRemixAdmin(admin), staffActor(auth));
    return result.ok ? { ok: true } : actionError(422, result.message);
  }
  return actionError(400, "Unknown action.");
};

const STATUS_TONE: Record<string, "success" | "attention" | "critical" | "info" | undefined> = {
  rewarded: "success",
  held: "attention",
  rejected: "critical",
  cancelled: "critical",
  refunded: "critical",
  ordered: "info",
  qualified: "info",
};

export default function Index() {
  const { overview, days, dashboard, limitRefusals, privacyRequests, guide } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const actionData = useActionData<typeof action>();
  return (
    <Page>
      <TitleBar title="Twofold" />
      <BlockStack gap="400">
        {guide && (
          <SetupGuide
            guide={{ ...guide, themeCheckedAt: guide.themeCheckedAt ? String(guide.themeCheckedAt) : null }} checking={navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null}
            error={actionData && "error" in actionData ? String(actionData.error) : null}
          />
        )}
        <Card>
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="center" align="space-between">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingLg">
                  Referral program
                </Text>
                <Badge tone={overview.programStatus === "active" ? "success" : "attention"}>
                  {overview.programStatus === "active" ? "Active" : overview.programStatus === "paused" ? "Paused" : "Not set up"}
                </Badge>
              </InlineStack>
              {dashboard && (
                <InlineStack gap="200" blockAlign="center">
                  <Select
                    label="Period"
                    labelInline
                    options={PERIOD_DAYS.map((d) => ({ label: d === 365 ? "Last 12 months" : `Last ${d} days`, value: String(d) }))}
                    value={String(days)}
                    onChange={(value) => setSearchParams({ days: value })}
                  />
                  <RemixLink to={`/app/export?days=${days}`}>Export CSV</RemixLink>
                </InlineStack>
              )}
            </InlineStack>
            <Text as="p" variant="bodyMd" tone="subdued">
              Connected to {overview.shop}.
            </Text>
            {dashboard?.hasActivity && (
              <Text as="p" variant="bodySm" tone="subdued" id="dashboard-freshness">
                {dashboard.freshness}
              </Text>
            )}
          </BlockStack>
        </Card>

        {privacyRequests > 0 && (
          <Banner tone="warning" title={privacyRequests === 1 ? "A customer asked for their data" : `${privacyRequests} customers asked for their data`} action={{ content: "Open privacy requests", url: "/app/privacy" }}>
            <Text as="p">Download what Twofold holds about them and send it to the customer. Shopify expects an answer within 30 days.</Text>
          </Banner>
        )}

        {limitRefusals > 0 && (
          <Banner tone="warning" title={`${limitRefusals} storefront ${limitRefusals === 1 ? "request was" : "requests were"} refused by abuse limits in the last 24 hours`}>
            <Text as="p">
              Bursts of friend claims (too many from one visitor, under one referral code, or codes and emails for the whole shop within an hour) are refused
              with a message asking the shopper to try later. Nothing was created for them. A steady count can mean someone is trying to collect discount codes.
            </Text>
          </Banner>
        )}

        {/* Without a program the setup guide above says what to do first. */}
        {!dashboard && !guide && (
          <Card>
            <EmptyState heading="Get started in two steps" action={{ content: "Set up the program", url: "/app/onboarding" }} image="">
              <Text as="p">
                Twofold rewards customers who refer their friends: the friend gets a discount on their first order and the customer who
                referred them earns store credit. Choose both rewards, then turn the program on to see clicks, referred orders and revenue here.
              </Text>
            </EmptyState>
          </Card>
        )}

        {dashboard && !dashboard.hasActivity && (
          <Card>
            <EmptyState heading="No referrals yet" action={{ content: "Review the program", url: "/app/program" }} image="">
              <Text as="p">
                {overview.programStatus === "active"
                  ? "Your program is live. Add the Twofold advocate block to your theme (Online Store › Customize › Add block) so customers can get their link, and mention it in your order confirmation. Results appear here as soon as the first friend clicks a link."
                  : "Your program is paused. Turn it on, then add the Twofold advocate block to your theme so customers can get their link and share it."}
              </Text>
            </EmptyState>
          </Card>
        )}

        {dashboard && dashboard.hasActivity && (
          <Layout>
            <MainColumn>
              <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
                {dashboard.metrics.map((m) => (
                  <Card key={m.label}>
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm" tone="subdued">
                        {m.label}
                      </Text>
                      <InlineStack gap="200" blockAlign="baseline">
                        <Text as="p" variant="headingXl">
                          {m.value}
                        </Text>
                        {m.change && <Badge tone={m.tone === "subdued" ? undefined : m.tone}>{m.change}</Badge>}
                      </InlineStack>
                      <Text as="p" variant="bodySm" tone="subdued">
                        {m.help} · previous period {m.previous}
                      </Text>
                    </BlockStack>
                  </Card>
                ))}
              </InlineGrid>
              <SectionCard title={`Trend, ${dashboard.period.from} to ${dashboard.period.to}`} headingAs="h3" gap="200">
                <DashboardTrendChart points={dashboard.trend} />
              </SectionCard>
              <SectionCard title="Recent referrals" headingAs="h3" gap="200">
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric"]}
                  headings={["Date", "Advocate", "Status", "Order"]}
                  rows={dashboard.recentReferrals.map((r) => [
                    r.createdAt.slice(0, 10),
                    r.advocateCode,
                    <Badge key={r.id} tone={STATUS_TONE[r.status]}>
                      {r.status}
                    </Badge>,
                    r.orderTotal ?? "–",
                  ])}
                />
              </SectionCard>
            </MainColumn>
            <SideColumn>
              <SectionCard title="Conversion" headingAs="h3" gap="200">
                <DataTable columnContentTypes={["text", "numeric", "numeric"]} headings={["Step", "Now", "Before"]} rows={dashboard.funnel.map((f) => [f.step, f.value, f.previous])} />
                <Text as="p" tone="subdued" variant="bodySm">
                  Click → claim is the share of counted clicks whose visitor claimed the offer the same day, so a household that clicks once and claims twice counts once.
                </Text>
              </SectionCard>
              <SectionCard title="Top advocates" headingAs="h3" gap="200">
                {dashboard.topAdvocates.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No advocate brought a friend in this period yet.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric"]}
                    headings={["Advocate", "Orders", "Revenue"]}
                    rows={dashboard.topAdvocates.map((a) => [<AdvocateName key={a.code} code={a.code} email={a.email} />, a.orders, a.revenue])}
                  />
                )}
              </SectionCard>
              <Card>
                <BlockStack gap="200">
                  <Text as="p" tone="subdued" variant="bodySm">
                    Numbers are in {dashboard.currency}, by UTC day. Jobs waiting: {overview.jobsQueued}; needing attention: {overview.jobsDead}.
                  </Text>
                  <Button url="/app/emails" variant="plain">
                    Edit notification emails
                  </Button>
                </BlockStack>
              </Card>
            </SideColumn>
          </Layout>
        )}
      </BlockStack>
    </Page>
  );
}

/**
 * The advocate by their code, the one name every advocate has, with their email under it when
 * known; a long email wraps inside this narrow card instead of being cut or pushing Revenue out.
 */
function AdvocateName({ code, email }: { code: string; email: string | null }) {
  return (
    <div style={{ whiteSpace: "normal", overflowWrap: "anywhere" }}>
      <Text as="span" fontWeight="medium">
        {code}
      </Text>
      {email && (
        <Text as="p" tone="subdued" variant="bodySm">
          {email}
        </Text>
      )}
    </div>
  );
}
