import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, InlineStack, Page, ProgressBar, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { PERIOD_DAYS, periodsEndingOn } from "../analytics/dashboard";
import { countExportRows, EXPORT_KINDS, type ExportKind } from "../analytics/export-csv.server";
import prisma from "../db.server";
import { eventNow } from "../lib/clock.server";
import { authenticate } from "../shopify.server";
import { actionError } from "../lib/action-error";

const querySchema = z.object({
  days: z.coerce.number().refine((d) => (PERIOD_DAYS as readonly number[]).includes(d), "Choose a period of 7, 30, 90 or 365 days").catch(30),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return actionError(400, "Choose referrals or rewards to export.");
  const { days } = parsed.data;
  const { current } = periodsEndingOn(await eventNow(), days);
  const [referrals, rewards] = await Promise.all(EXPORT_KINDS.map((kind) => countExportRows(prisma, session.shop, kind, current)));
  return { days, counts: { referrals, rewards } as Record<ExportKind, number> };
};

type Progress = { kind: ExportKind; rows: number; total: number; done: boolean; error?: string };

export default function Export() {
  const data = useLoaderData<typeof loader>() as { days: number; counts: Record<ExportKind, number> };
  const [days, setDays] = useState(String(data.days));
  const [progress, setProgress] = useState<Progress | null>(null);

  async function download(kind: ExportKind) {
    const total = data.counts[kind];
    setProgress({ kind, rows: 0, total, done: false });
    try {
      // App Bridge adds the session token to same-origin fetches; the body arrives as a stream.
      const response = await fetch(`/app/export/${kind}?days=${days}`);
      if (!response.ok || !response.body) throw new Error(`The export failed (${response.status}). Try again.`);
      const reader = response.body.getReader();
      const parts: BlobPart[] = [];
      let rows = -1;
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        parts.push(next.value);
        for (const byte of next.value) if (byte === 10) rows++;
        setProgress({ kind, rows: Math.max(rows, 0), total, done: false });
      }
      const url = URL.createObjectURL(new Blob(parts, { type: "text/csv" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `twofold-${kind}-last-${days}-days.csv`;
      link.click();
      URL.revokeObjectURL(url);
      setProgress({ kind, rows: Math.max(rows, 0), total, done: true });
    } catch (error) {
      setProgress({ kind, rows: 0, total, done: true, error: (error as Error).message });
    }
  }

  const busy = progress != null && !progress.done;
  return (
    <Page title="Export" backAction={{ url: "/app" }}>
      <TitleBar title="Export" />
      <Card>
        <BlockStack gap="400">
          <Select
            label="Period"
            options={PERIOD_DAYS.map((d) => ({ label: d === 365 ? "Last 12 months" : `Last ${d} days`, value: String(d) }))}
            value={days}
            onChange={(value) => {
              setDays(value);
              window.location.search = `?days=${value}`;
            }}
          />
          <Text as="p">
            {data.counts.referrals.toLocaleString("en")} referrals and {data.counts.rewards.toLocaleString("en")} rewards in this period. Files are CSV (UTF-8), one row
            per referral or reward, amounts in decimal with their currency.
          </Text>
          <InlineStack gap="200">
            <Button onClick={() => download("referrals")} disabled={busy}>
              Export referrals
            </Button>
            <Button onClick={() => download("rewards")} disabled={busy}>
              Export rewards
            </Button>
          </InlineStack>
          {progress && !progress.error && (
            <BlockStack gap="100">
              <ProgressBar progress={progress.done ? 100 : progress.total ? Math.min(99, (100 * progress.rows) / progress.total) : 0} />
              <Text as="p" tone="subdued">
                {progress.done ? `Exported ${progress.rows.toLocaleString("en")} ${progress.kind}.` : `${progress.rows.toLocaleString("en")} of ${progress.total.toLocaleString("en")} ${progress.kind}…`}
              </Text>
            </BlockStack>
          )}
          {progress?.error && <Banner tone="critical">{progress.error}</Banner>}
        </BlockStack>
      </Card>
    </Page>
  );
}
