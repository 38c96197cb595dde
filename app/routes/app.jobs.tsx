import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, Page, Tabs, Text } from "@shopify/polaris";
import { z } from "zod";
import { ListTable } from "../components/list-table";
import prisma from "../db.server";
import { listJobs, type JobStatus } from "../jobs/queue.server";
import { retryDeadJobForStaff } from "../review/retry-dead-job.server";
import { readStaffForm } from "../review/staff-form.server";
import { authenticate } from "../shopify.server";
import { actionError } from "../lib/action-error";

const STATUSES = ["dead", "queued", "running", "succeeded"] as const satisfies readonly JobStatus[];
const LABELS: Record<JobStatus, string> = { dead: "Needs attention", queued: "Waiting", running: "Running", succeeded: "Done" };
const EMPTY: Record<JobStatus, string> = { dead: "No jobs need attention", queued: "No jobs are waiting", running: "No jobs are running", succeeded: "No finished jobs yet" };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const status = z.enum(STATUSES).catch("dead").parse(new URL(request.url).searchParams.get("status"));
  const jobs = await listJobs(prisma, { shopId: session.shop, status, limit: 100 });
  // The page's fields only (not the payload), dates as ISO strings.
  const rows = jobs.map(({ id, name, attempts, maxAttempts, lastError, runAt, updatedAt }) => ({ id, name, attempts, maxAttempts, lastError, runAt: runAt.toISOString(), updatedAt: updatedAt.toISOString() }));
  return { status, jobs: rows };
};

const retrySchema = z.object({ jobId: z.string().min(1, "Choose a job to retry") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const form = await readStaffForm(request, retrySchema);
  if (form instanceof Response) return form;
  const retried = await retryDeadJobForStaff(prisma, { shop: form.shop, jobId: form.data.jobId, actor: form.actor });
  if (!retried) return actionError(404, "That job is not waiting for a retry any more.");
  return { retried: form.data.jobId };
};

export default function Jobs() {
  const { status, jobs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [, setSearchParams] = useSearchParams();
  const selected = STATUSES.indexOf(status);

  return (
    <Page title="Background jobs" subtitle="Rewards, webhooks and privacy requests are processed here, in order, with automatic retries.">
      <TitleBar title="Background jobs" />
      <BlockStack gap="400">
        {actionData && "error" in actionData && <Banner tone="critical">{actionData.error}</Banner>}
        {actionData && "retried" in actionData && <Banner tone="success">The job will run again shortly.</Banner>}
        <Card padding="0">
          <Tabs
            tabs={STATUSES.map((s) => ({ id: s, content: LABELS[s] }))}
            selected={selected}
            onSelect={(index) => setSearchParams({ status: STATUSES[index] })}
          />
          <ListTable
            resourceName={{ singular: "job", plural: "jobs" }}
            headings={["Job", "Attempts", "Last error", "Updated", ""]}
            items={jobs}
            empty={{ heading: EMPTY[status], children: <Text as="p">Jobs that fail after every retry show up under “Needs attention” with the reason.</Text> }}
            cells={(job) => [
              <Text key="name" as="span" fontWeight="semibold">
                {job.name}
              </Text>,
              <Badge key="attempts" tone={status === "dead" ? "critical" : undefined}>{`${job.attempts} / ${job.maxAttempts}`}</Badge>,
              job.lastError ?? "—",
              new Date(job.updatedAt).toLocaleString(),
              status === "dead" && (
                <Form key="retry" method="post">
                  <input type="hidden" name="jobId" value={job.id} />
                  <Button submit loading={navigation.formData?.get("jobId") === job.id}>
                    Retry
                  </Button>
                </Form>
              ),
            ]}
          />
        </Card>
      </BlockStack>
    </Page>
  );
}
