import prisma, { databaseAnswers, databaseKind } from "../db.server";

// Liveness + readiness for load balancers and the demo script: answers 200 when the
// database answers, 503 otherwise. Deliberately unauthenticated and data-free.
export const loader = async () => {
  const ok = await databaseAnswers(prisma);
  return Response.json({ ok, database: databaseKind() }, ok ? undefined : { status: 503 });
};
