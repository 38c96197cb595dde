import prisma, { databaseKind } from "../db.server";

// Liveness + readiness for load balancers and the demo script: answers 200 when the
// database answers, 503 otherwise. Deliberately unauthenticated and data-free.
export const loader = async () => {
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
    return Response.json({ ok: true, database: databaseKind() });
  } catch {
    return Response.json({ ok: false, database: databaseKind() }, { status: 503 });
  }
};
