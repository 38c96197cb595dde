// One import run (/app/advocates/import/:id): its progress, polled while jobs work through it,
// and the rows refused with their reasons (downloadable as a CSV to fix and upload again).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, DataTable, InlineStack, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { SectionCard } from "../components/section-card";
import prisma from "../db.server";
import { listRefusedRows, loadImportProgress } from "../review/advocate-import.server";
import { authenticate } from "../shopify.server";

const REFUSED_PAGE = 50;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  // Another shop's run is simply not found for this session.
  const progress = await loadImportProgress(prisma, session.shop, params.id ?? "");
  if (!progress) throw new Response("Import not found", { status: 404 });
  const afterLine = z.coerce.number().int().nonnegative().catch(0).parse(new URL(request.url).searchParams.get("after") ?? 0);
  const refused = await listRefusedRows(prisma, session.shop, progress.id, { afterLine, limit: REFUSED_PAGE + 1 });
  return { progress, refused: refused.slice(0, REFUSED_PAGE), nextAfter: refused.length > REFUSED_PAGE ? refused[REFUSED_PAGE - 1].line : null };
};

export default function AdvocateImportRun() {
  const { progress, refused, nextAfter } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [, setSearchParams] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const running = progress.status !== "done";

  // Jobs move the run on: read it again every second until it is done.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  async function download() {
    setError(null);
    try {
      // App Bridge adds the session token to same-origin fetches.
      const response = await fetch(`/app/advocates/import/${progress.id}/refused`);
      if (!response.ok) throw new Error(`The download failed (${response.status}). Try again.`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = `refused-rows-${progress.id}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <Page title={`Import: ${progress.label}`} backAction={{ url: "/app/advocates/import" }}>
      <TitleBar title="Import" />
      <BlockStack gap="400">
        {error && <Banner tone="critical">{error}</Banner>}
        {progress.problem && <Banner tone="warning">{progress.problem}</Banner>}
        <SectionCard
          title={progress.source === "segment" ? "Customer segment" : "CSV file"}
          badge={<Badge tone={running ? "attention" : "success"}>{running ? "In progress" : "Done"}</Badge>}
        >
          <ProgressBar progress={progress.percent} tone={running ? "highlight" : "success"} animated={false} />
          <Text as="p" data-testid="import-progress">
            {`${progress.percent}% · ${progress.created + progress.refused} of ${progress.total} rows · ${progress.created} new advocates · ${progress.refused} refused`}
          </Text>
          {progress.sendInvite && (
            <Text as="p" tone="subdued">
              Each new advocate is emailed an invitation with their link (unless they unsubscribed).
            </Text>
          )}
        </SectionCard>
        {progress.refused > 0 && (
          <SectionCard title="Refused rows" action={<Button onClick={download}>Download refused rows (CSV)</Button>}>
            <InlineStack gap="200">
              {progress.refusedByReason.map((r) => (
                <Badge key={r.reason} tone="warning">{`${r.label}: ${r.count}`}</Badge>
              ))}
            </InlineStack>
            <DataTable
              columnContentTypes={["numeric", "text", "text", "text"]}
              headings={["Line", "Email", "Customer id", "Reason"]}
              rows={refused.map((r) => [r.line, r.email ?? "—", r.customerId?.replace("gid://shopify/Customer/", "") ?? "—", r.label])}
            />
            {nextAfter && (
              <InlineStack>
                <Button onClick={() => setSearchParams({ after: String(nextAfter) })}>More refused rows</Button>
              </InlineStack>
            )}
          </SectionCard>
        )}
      </BlockStack>
    </Page>
  );
}
