// Advocate import (issue 21): a generated CSV of N rows (default 10,000: 2% bad emails, 2%
// duplicates in the file, 2% unknown customer ids, 10% Shopify customer ids checked through the
// sandbox's Admin API, the rest emails) uploaded through the built app's admin route, then worked
// through by the import jobs in this process. Times the upload request, the jobs from upload to
// "done" and rows/s, per database.
//   tsx bench/advocate-import.ts [--rows 10000] [--db sqlite,postgresql]
// Results: bench/results/advocate-import.json, docs/PERFORMANCE.md "Advocate import".
import { performance } from "node:perf_hooks";
import { createJobRegistry } from "../app/jobs/define-job";
import { runWorker } from "../app/jobs/worker.server";
import { advocateImportBatchJob, advocateImportSegmentPageJob } from "../app/review/advocate-import.job.server";
import { addCustomer } from "../sandbox/admin/state";
import { startStack } from "../test/helpers/stack";
import { activateProgram } from "../test/pipeline/pipeline-fixtures";
import { adminRequest } from "../test/program/admin-http";
import { arg, ensureBuilt, machine, record } from "./lib";

ensureBuilt();

const ROWS = Number(arg("rows", "10000"));
const DBS = arg("db", "sqlite,postgresql").split(",") as ("sqlite" | "postgresql")[];
const jobs = createJobRegistry([advocateImportBatchJob, advocateImportSegmentPageJob]);
const customerNumber = (i: number) => (800_000_000_000_000_000n + BigInt(i)).toString();
const ms = (n: number) => Math.round(n);

function generate(rows: number): string {
  const lines = ["email,customer id,name"];
  for (let i = 0; i < rows; i++) {
    if (i % 50 === 7) lines.push(`not-an-email-${i},,Bad`);
    else if (i % 50 === 13) lines.push(`shopper${i - 1}@example.com,,Twice`);
    else if (i % 50 === 21) lines.push(`shopper${i}@example.com,${customerNumber(900_000 + i)},Unknown`);
    else if (i % 10 === 3) lines.push(`shopper${i}@example.com,${customerNumber(i)},Name ${i}`);
    else lines.push(`shopper${i}@example.com,,Shopper ${i}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

async function runOn(db: "sqlite" | "postgresql") {
  process.env.TEST_DATABASE = db;
  const stack = await startStack();
  try {
    await activateProgram(stack.db.prisma, stack.shop);
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    for (let i = 3; i < ROWS; i += 10) addCustomer(stack.sandbox.state, shop, { id: customerNumber(i), email: `shopper${i}@example.com` });
    const form = new FormData();
    form.set("intent", "csv");
    form.set("formKey", "bench-import-0001");
    form.set("file", new Blob([generate(ROWS)], { type: "text/csv" }), "bench.csv");
    const t0 = performance.now();
    const started = await adminRequest(stack.app.url, { shop: stack.shop, path: "/app/advocates/import", route: "routes/app.advocates_.import", multipart: form });
    const uploadMs = performance.now() - t0;
    if (!started.redirect) throw new Error(`upload failed: ${started.status}`);
    const importId = started.redirect.split("/").at(-1)!;

    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
    const controller = new AbortController();
    const t1 = performance.now();
    const worker = runWorker({ db: stack.db.prisma, jobs, concurrency: 2, pollMs: 10, signal: controller.signal });
    for (;;) {
      const run = await stack.db.prisma.advocateImport.findUniqueOrThrow({ where: { id: importId }, select: { status: true } });
      if (run.status === "done") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const jobsMs = performance.now() - t1;
    controller.abort();
    await worker;
    const created = await stack.db.prisma.advocateImportRow.count({ where: { importId, status: "created" } });
    const refused = await stack.db.prisma.advocateImportRow.count({ where: { importId, status: "refused" } });
    const nodesReads = shop.requestLog.filter((r) => r.operationName === "CustomersByIds").length;
    const result = { db, rows: ROWS, created, refused, uploadMs: ms(uploadMs), jobsMs: ms(jobsMs), rowsPerSecond: Math.round((ROWS * 1000) / jobsMs), customerIdReads: nodesReads };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await stack.stop();
  }
}

const results = [];
for (const db of DBS) results.push(await runOn(db));
record("advocate-import", { machine: machine(), results });
