// The time background jobs judge hold periods by. In production, the system clock. When the
// app runs against the local Shopify sandbox (SHOPIFY_SANDBOX_URL, dev and tests only; env
// validation refuses it elsewhere), the sandbox's clock, which the demo and the journey tests
// move forward to see a hold end without waiting two weeks. It never runs behind real time.
export async function jobNow(): Promise<Date> {
  const sandboxUrl = process.env.SHOPIFY_SANDBOX_URL;
  if (!sandboxUrl) return new Date();
  try {
    const res = await fetch(new URL("/__sandbox/clock", sandboxUrl), { signal: AbortSignal.timeout(2_000) });
    if (res.ok) {
      const at = Date.parse(((await res.json()) as { now?: string }).now ?? "");
      if (!Number.isNaN(at)) return new Date(Math.max(at, Date.now()));
    }
  } catch {
    // The sandbox is down: real time is the safe answer (a hold never ends early).
  }
  return new Date();
}
