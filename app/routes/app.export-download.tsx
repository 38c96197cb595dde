// The CSV download itself, as a resource route (no component): a route with a page cannot
// answer a plain GET with a file, since Remix renders its page for it instead.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { PERIOD_DAYS, periodsEndingOn } from "../analytics/dashboard";
import { EXPORT_KINDS, streamCsvExport } from "../analytics/export-csv.server";
import prisma from "../db.server";
import { authenticate } from "../shopify.server";

const querySchema = z.object({
  days: z.coerce.number().refine((d) => (PERIOD_DAYS as readonly number[]).includes(d), "Choose a period of 7, 30, 90 or 365 days").catch(30),
  download: z.enum(EXPORT_KINDS),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "Choose referrals or rewards to export." }, { status: 400 });
  const { days, download } = parsed.data;
  const { current } = periodsEndingOn(new Date(), days);
  const name = `twofold-${download}-${current.from.toISOString().slice(0, 10)}-to-${new Date(current.to.getTime() - 1).toISOString().slice(0, 10)}.csv`;
  return new Response(streamCsvExport(prisma, session.shop, download, current), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
};
