// GET /app/privacy/:id/download?format=json|csv[&table=Referral]: one privacy request's export
// as a file (a resource route, like /app/export/:kind).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CSV_TABLES, downloadPrivacyExport, exportTableCsv } from "../compliance/privacy-requests.server";
import prisma from "../db.server";
import { authenticate } from "../shopify.server";
import { actionError } from "../lib/action-error";

const querySchema = z.object({ format: z.enum(["json", "csv"]).default("json"), table: z.enum(CSV_TABLES).optional() });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success || (query.data.format === "csv" && !query.data.table)) {
    return actionError(400, `Choose format=json, or format=csv with a table (${CSV_TABLES.join(", ")}).`);
  }
  const found = await downloadPrivacyExport(prisma, session.shop, params.id ?? "");
  if (!found) return actionError(404, "This privacy request has no export (it is still being prepared, or it expired).");
  const base = `customer-${found.customerGid.split("/").pop()}-data`;
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (query.data.format === "csv") {
    return new Response(exportTableCsv(found.export, query.data.table!), {
      headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${base}-${query.data.table!.toLowerCase()}.csv"` },
    });
  }
  return new Response(JSON.stringify(found.export, null, 2), {
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${base}.json"` },
  });
};
