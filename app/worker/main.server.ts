// The worker process (`npm run worker`): every job in the registry, the recurring schedules,
// settings from env(). Run any number of these against one database.
import { createPrismaClient } from "../db.server";
import { env } from "../env.server";
import { runWorkerProcess } from "../jobs/worker.server";
import { jobs, schedules } from "./registry.server";

async function main() {
  const settings = env();
  const db = createPrismaClient(settings.DATABASE_URL);
  const stats = await runWorkerProcess({
    db,
    jobs,
    schedules: schedules(settings),
    concurrency: settings.WORKER_CONCURRENCY,
    pollMs: settings.WORKER_POLL_MS,
    onEvent: (event) => {
      if (event.type === "failed") console.warn(`job ${event.job.name} ${event.job.id} ${event.outcome}: ${event.error}`);
      else if (event.type === "error") console.error(`worker ${event.where}: ${event.error}`);
      else if (event.type === "lease-lost") console.warn(`job ${event.job.name} ${event.job.id}: lease lost to another worker`);
    },
  });
  console.log(`worker ${stats.workerId} stopped: ${JSON.stringify(stats)}`);
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error instanceof Error && error.name === "EnvError" ? error.message : error);
  process.exit(1);
});
