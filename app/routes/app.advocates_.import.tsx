// Invite existing customers (/app/advocates/import): upload a CSV or pick a Shopify customer
// segment; each starts an import run worked through by jobs, and the page of the run shows its
// progress and the rows refused. The segment list is read from Shopify with the page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ActionCard } from "../components/action-card";
import { ListTable } from "../components/list-table";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, DropZone, InlineError, InlineStack, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { SectionCard } from "../components/section-card";
import prisma from "../db.server";
import { actionError, answerRefusal, invalidForm } from "../lib/action-error";
import { withBoundedBody } from "../lib/read-body.server";
import { MAX_IMPORT_BYTES } from "../review/advocate-import-csv";
import { listImports } from "../review/advocate-import.server";
import { startCsvImport, startSegmentImport } from "../review/start-advocate-import.server";
import { formKeyField, newFormKey } from "../lib/staff-form";
import { staffActor } from "../review/staff-actor";
import { fromRemixAdmin } from "../shopify/admin-graphql";
import { listCustomerSegments, type CustomerSegment } from "../shopify/customer-segments.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  let segments: CustomerSegment[] = [];
  let segmentsError: string | null = null;
  try {
    segments = await listCustomerSegments(fromRemixAdmin(admin), 100);
  } catch (error) {
    if (error instanceof Response) throw error;
    segmentsError = "Shopify did not list your customer segments just now. Reload the page to try again.";
  }
  return { imports: await listImports(prisma, session.shop, 20), segments: segments.map((s) => ({ id: s.id, name: s.name })), segmentsError };
};

const sendInvite = z.enum(["true", "false"]).default("false").transform((v) => v === "true");
const segmentSchema = z.object({ intent: z.literal("segment"), segmentId: z.string().min(1, "Choose a segment"), segmentName: z.string().max(200).default(""), sendInvite, formKey: formKeyField });
const csvSchema = z.object({ intent: z.literal("csv"), sendInvite, formKey: formKeyField });

export const action = async ({ request }: ActionFunctionArgs) => {
  const auth = await authenticate.admin(request);
  const { session } = auth;
  const { request: bounded } = await withBoundedBody(request, MAX_IMPORT_BYTES + 64 * 1024);
  const form = await bounded.formData();
  const by = { actor: staffActor(auth) };
  return answerRefusal(async () => {
    if (form.get("intent") === "segment") {
      const parsed = segmentSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return invalidForm(parsed.error);
      const run = await startSegmentImport(prisma, session.shop, parsed.data, by);
      return redirect(`/app/advocates/import/${run.importId}`);
    }
    const parsed = csvSchema.safeParse({ intent: form.get("intent"), sendInvite: form.get("sendInvite") ?? undefined, formKey: form.get("formKey") });
    if (!parsed.success) return invalidForm(parsed.error);
    const file = form.get("file");
    if (!file || typeof file === "string") return actionError(422, "Choose a CSV file to upload.");
    if (file.size > MAX_IMPORT_BYTES) return actionError(413, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it in several.`);
    const run = await startCsvImport(prisma, session.shop, { fileName: file.name, text: await file.text(), sendInvite: parsed.data.sendInvite, formKey: parsed.data.formKey }, by);
    return redirect(`/app/advocates/import/${run.importId}`);
  });
};

export default function AdvocateImport() {
  const { imports, segments, segmentsError } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { error?: string } | undefined;
  const navigation = useNavigation();
  const submit = useSubmit();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [inviteCsv, setInviteCsv] = useState(false);
  const [inviteSegment, setInviteSegment] = useState(false);
  const [segmentId, setSegmentId] = useState(segments[0]?.id ?? "");
  const [formKey] = useState(() => newFormKey());
  const busy = navigation.state !== "idle";

  function uploadCsv() {
    if (!file) return;
    const data = new FormData();
    data.set("intent", "csv");
    data.set("sendInvite", String(inviteCsv));
    data.set("formKey", formKey);
    data.set("file", file);
    submit(data, { method: "post", encType: "multipart/form-data" });
  }

  return (
    <Page title="Invite existing customers" backAction={{ url: "/app/advocates" }}>
      <TitleBar title="Invite existing customers" />
      <BlockStack gap="400">
        {actionData?.error && <Banner tone="critical">{actionData.error}</Banner>}
        <ActionCard
          title="Upload a CSV"
          description={
            <>
              One customer per line. The first line names the columns: <b>email</b> (required), <b>customer id</b> (optional: the number in the customer&apos;s
              admin address) and <b>name</b> (optional). Each customer gets their referral link and code; rows that cannot be imported are listed with the reason.
            </>
          }
          action={{ label: "Import", variant: "primary", disabled: !file, loading: busy && navigation.formData?.get("intent") === "csv", onAction: uploadCsv }}
        >
          <DropZone
            id="advocate-import-file"
            label="CSV file of customers"
            allowMultiple={false}
            accept=".csv,text/csv"
            type="file"
            error={!!fileError}
            onDrop={(_all, accepted, rejected) => {
              // A file of another kind is named and refused here; the other choices stay as they are.
              setFile(accepted[0] ?? null);
              setFileError(rejected[0] && !accepted[0] ? notCsvMessage(rejected[0].name) : null);
            }}
          >
            {file ? (
              <div style={{ padding: "16px" }}>
                <Text as="p">{`${file.name} (${Math.ceil(file.size / 1024)} KB)`}</Text>
              </div>
            ) : (
              <DropZone.FileUpload actionHint="Accepts .csv files up to 5 MB" />
            )}
          </DropZone>
          {fileError && <InlineError message={fileError} fieldID="advocate-import-file" />}
          <Checkbox label="Email each new advocate an invitation with their link" helpText="Customers who unsubscribed are not emailed." checked={inviteCsv} onChange={setInviteCsv} />
        </ActionCard>
        <SectionCard title="From a customer segment">
          {segmentsError && <Banner tone="warning">{segmentsError}</Banner>}
          {segments.length === 0 && !segmentsError ? (
            <Text as="p" tone="subdued">
              Your store has no customer segments yet. Make one in Shopify&apos;s Customers page.
            </Text>
          ) : (
            <>
              <Select label="Segment" options={segments.map((s) => ({ label: s.name, value: s.id }))} value={segmentId} onChange={setSegmentId} />
              <Checkbox label="Email each new advocate an invitation with their link" checked={inviteSegment} onChange={setInviteSegment} />
              <InlineStack>
                <Button
                  loading={busy && navigation.formData?.get("intent") === "segment"}
                  disabled={!segmentId}
                  onClick={() => submit({ intent: "segment", segmentId, segmentName: segments.find((s) => s.id === segmentId)?.name ?? "", sendInvite: String(inviteSegment), formKey }, { method: "post" })}
                >
                  Import segment
                </Button>
              </InlineStack>
            </>
          )}
        </SectionCard>
        {imports.length > 0 && (
          <Card padding="0">
            <ListTable
              resourceName={{ singular: "import", plural: "imports" }}
              headings={["Import", "Started", "Status", "Created", "Refused"]}
              items={imports}
              cells={(run) => [
                <Link key="run" to={`/app/advocates/import/${run.id}`}>{`${run.source === "segment" ? "Segment" : "File"}: ${run.label}`}</Link>,
                new Date(run.createdAt).toLocaleString("en", { timeZone: "UTC" }),
                <Badge key="status" tone={run.status === "done" ? "success" : "attention"}>
                  {run.status === "done" ? "Done" : `${run.percent}%`}
                </Badge>,
                String(run.created),
                String(run.refused),
              ]}
            />
          </Card>
        )}
      </BlockStack>
    </Page>
  );
}

/** Why a chosen file is not taken: only a CSV (comma-separated text, as spreadsheets export it) is. */
function notCsvMessage(name: string): string {
  return `“${name}” is not a CSV file. Choose a .csv file with one customer per line (in a spreadsheet: File › Download or Save as › CSV).`;
}
