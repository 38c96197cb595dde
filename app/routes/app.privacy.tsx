// "Privacy requests": each customers/data_request Shopify sent, with the customer's data to
// download and send them (JSON with everything, CSV for the tables a person reads).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, InlineStack, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { CSV_TABLES, listPrivacyRequests, PRIVACY_REQUEST_KEEP_DAYS, type PrivacyRequestRow } from "../compliance/privacy-requests.server";
import prisma from "../db.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { requests: await listPrivacyRequests(prisma, session.shop), keepDays: PRIVACY_REQUEST_KEEP_DAYS, csvTables: [...CSV_TABLES] };
};

const day = (iso: string) => new Date(iso).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

export default function PrivacyRequests() {
  const { requests, keepDays, csvTables } = useLoaderData<typeof loader>() as { requests: PrivacyRequestRow[]; keepDays: number; csvTables: string[] };
  const [error, setError] = useState<string | null>(null);
  const revalidator = useRevalidator();

  async function download(row: PrivacyRequestRow, format: "json" | "csv", table?: string) {
    setError(null);
    try {
      // App Bridge adds the session token to same-origin fetches.
      const response = await fetch(`/app/privacy/${row.id}/download?format=${format}${table ? `&table=${table}` : ""}`);
      if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { error?: string } | null)?.error ?? `The download failed (${response.status}). Try again.`);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? `customer-data.${format}`;
      link.click();
      URL.revokeObjectURL(url);
      revalidator.revalidate();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <Page title="Privacy requests" backAction={{ url: "/app" }}>
      <TitleBar title="Privacy requests" />
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          When a customer asks the store for their data, Shopify sends the request here. Download what Twofold holds about them and send it to the
          customer. Each export is kept for {keepDays} days after the request arrives, then deleted.
        </Text>
        {error && (
          <Banner tone="critical" onDismiss={() => setError(null)}>
            {error}
          </Banner>
        )}
        {requests.length === 0 ? (
          <Card>
            <EmptyState heading="No privacy requests" image="">
              <p>Customers' data requests from Shopify will be listed here.</p>
            </EmptyState>
          </Card>
        ) : (
          requests.map((row) => (
            <Card key={row.id}>
              <BlockStack gap="200">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingSm">
                    {row.customer}
                  </Text>
                  {row.status === "ready" ? (
                    <Badge tone={row.downloadedAt ? "success" : "attention"}>{row.downloadedAt ? "Downloaded" : "Ready to download"}</Badge>
                  ) : (
                    <Badge>Received, preparing</Badge>
                  )}
                </InlineStack>
                <Text as="p" tone="subdued">
                  Received {day(row.receivedAt)} · kept until {day(row.expiresAt)}
                  {row.rowCount != null ? ` · ${row.rowCount} records` : ""}
                </Text>
                {row.status === "ready" && (
                  <InlineStack gap="200">
                    <Button onClick={() => download(row, "json")} accessibilityLabel={`Download all data of ${row.customer} (JSON)`}>
                      Download all (JSON)
                    </Button>
                    {csvTables.map((table) => (
                      <Button key={table} variant="plain" onClick={() => download(row, "csv", table)}>
                        {`${table} (CSV)`}
                      </Button>
                    ))}
                  </InlineStack>
                )}
              </BlockStack>
            </Card>
          ))
        )}
      </BlockStack>
    </Page>
  );
}
