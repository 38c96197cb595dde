// Which time it is. In production, the system clock. When the app runs against the local
// Shopify sandbox (SHOPIFY_SANDBOX_URL, dev and tests only; env validation refuses it
// elsewhere), the sandbox's clock, which the demo and the journey tests move: forward to see a
// hold end without waiting two weeks, into the past to seed ninety days of history.
// Signatures (app proxy, session tokens, webhooks) are still checked against real time.
import { setting } from "../env.server";

/** The sandbox's clock, or null (no sandbox, or it does not answer). */
async function sandboxClock(): Promise<Date | null> {
  const sandboxUrl = setting("SHOPIFY_SANDBOX_URL");
  if (!sandboxUrl) return null;
  try {
    const res = await fetch(new URL("/__sandbox/clock", sandboxUrl), { signal: AbortSignal.timeout(2_000) });
    if (res.ok) {
      const at = Date.parse(((await res.json()) as { now?: string }).now ?? "");
      if (!Number.isNaN(at)) return new Date(at);
    }
  } catch {
    // The sandbox is down: real time is the answer.
  }
  return null;
}

/** The time background jobs judge hold periods by. It never runs behind real time: a hold never ends early. */
export async function jobNow(): Promise<Date> {
  const at = await sandboxClock();
  return new Date(Math.max(at?.getTime() ?? 0, Date.now()));
}

/**
 * The time a shopper's click, claim or order is dated by: the sandbox's clock as it is, earlier
 * than real time too, so the demo's seeded history lands on the days it stands for.
 */
export async function eventNow(): Promise<Date> {
  return (await sandboxClock()) ?? new Date();
}
