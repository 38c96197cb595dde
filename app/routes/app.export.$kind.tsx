// GET /app/export/:kind?days=N: the CSV itself, as a resource route (no component), so the
// export page's fetch gets the stream. (As a loader of the page's own route, a fetch without
// Remix's _data parameter was a document request, and the streamed Response made it a 500.)
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { PERIOD_DAYS, periodsEndingOn } from "../analytics/dashboard";
import { EXPORT_KINDS, streamCsvExport } from "../analytics/export-csv.server";
import prisma from "../db.server";
import { eventNow } from "../lib/clock.server";
import { authenticate } from "../shopify.server";
import { actionError } from "../lib/action-error";

const daysSchema = z.coerce.number().refine((d) => (PERIOD_DAYS as readonly number[]).includes(d)).catch(30);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const kind = z.enum(EXPORT_KINDS).safeParse(params.kind);
  if (!kind.success) return actionError(404, "Choose referrals or rewards to export.");
  const days = daysSchema.parse(new URL(request.url).searchParams.get("days") ?? undefined);
  const { current } = periodsEndingOn(await eventNow(), days);
  const name = `twofold-${kind.data}-${current.from.toISOString().slice(0, 10)}-to-${new Date(current.to.getTime() - 1).toISOString().slice(0, 10)}.csv`;
  return new Response(streamCsvExport(prisma, session.shop, kind.data, current), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
};
