// GET /app/advocates/import/:id/refused: the run's refused rows as a CSV (a resource route, as
// the export is), for the merchant to fix and upload again.
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { actionError } from "../lib/action-error";
import { refusedRowsCsv } from "../review/advocate-import.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const csv = await refusedRowsCsv(prisma, session.shop, params.id ?? "");
  if (csv == null) return actionError(404, "Import not found");
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="refused-rows-${params.id}.csv"`, "Cache-Control": "no-store" },
  });
};
