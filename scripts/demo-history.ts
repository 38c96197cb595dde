// Seeds the demo shop with ninety days of referral history through the app's own entry points
// only, as production would build it: the merchant sets up the program and a fraud rule in the
// admin (requests signed with a session token, as App Bridge makes them); advocates get links
// through the storefront's app proxy (logged-in sandbox customers and guests); friends click,
// claim and pay at the sandbox checkout; the sandbox sends the order, refund and cancel webhooks
// and the app's worker runs the jobs. Time moves by the sandbox clock (set in the past, then
// forward), which the app dates storefront and order events by (app/lib/clock.server.ts).
// Skips a shop that already has history. Usage: tsx scripts/demo-history.ts (env: APP_URL,
// SANDBOX_URL, DEMO_SHOP, SHOPIFY_API_KEY, SHOPIFY_API_SECRET; DEMO_SEED for another history).
import { decode } from "turbo-stream";
import { createSessionToken } from "../sandbox/storefront/session-token";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
// Shopify's library answers 410 to bots; Node's fetch would be one.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const PHONE_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 19_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Mobile/15E148 Safari/604.1";

export interface DemoHistoryOptions {
  appUrl: string;
  sandboxUrl: string;
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** Same seed, same history. */
  seed?: number;
  log?: (line: string) => void;
  /** Size of the history (default ~40 advocates, ~250 orders). */
  scale?: number;
}

export interface DemoHistorySummary {
  skipped: boolean;
  advocates: number;
  clicks: number;
  claims: number;
  orders: number;
  /** Orders not referred: advocates' own and other shoppers'. */
  shopperOrders: number;
  refunds: number;
  cancels: number;
  fastOrders: number;
  ms: number;
  /** Of which waiting for the worker to handle the webhooks. */
  settleMs: number;
}

// ----------------------------------------------------------------------------- randomness

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Maya", "Liam", "Sofia", "Noah", "Amara", "Ethan", "Chloe", "Mateo", "Priya", "Lucas", "Hana", "Oliver", "Zoe", "Kai", "Ines", "Jonah", "Leila", "Theo", "Nora", "Ravi", "Elena", "Sam", "Aisha", "Felix", "Mila", "Omar", "Clara", "Diego", "Yuki", "Ada", "Hugo", "Lena", "Tariq", "Freya", "Marco", "Isla", "Ben", "Rosa", "Idris", "June"];
const LAST = ["Chen", "Okafor", "Rossi", "Nguyen", "Silva", "Patel", "Kowalski", "Haddad", "Jensen", "Moreau", "Tanaka", "Garcia", "Fischer", "Murphy", "Costa", "Ibrahim", "Larsen", "Novak", "Duarte", "Kim"];
const DOMAINS = ["example.com", "example.org", "example.net"];

/** "maya.chen2@example.com" → Maya Chen (the name on the order's address). */
function nameOf(email: string): { firstName: string; lastName: string } {
  const [first = "", last = ""] = email.split("@")[0].split(".").map((n) => n.replace(/\d+$/, "").replace(/^./, (c) => c.toUpperCase()));
  return { firstName: first, lastName: last };
}

// ----------------------------------------------------------------------------- plan

type Event =
  | { at: number; kind: "advocate"; advocate: number }
  | { at: number; kind: "shopper-order"; shopper: number }
  | { at: number; kind: "click"; friend: number }
  | { at: number; kind: "claim"; friend: number }
  | { at: number; kind: "order"; friend: number; nth: number; fast?: boolean }
  | { at: number; kind: "refund" | "partial-refund" | "cancel"; friend: number };

interface AdvocatePlan {
  email: string;
  loggedIn: boolean;
  ip: string;
  joinedAt: number;
  weight: number;
  code?: string;
}

interface FriendPlan {
  advocate: number;
  email: string;
  ip: string;
  agent: string;
  lines: { handle: string; quantity: number }[];
  claims: boolean;
  discountCode?: string | null;
  orderIds: string[];
}

interface ShopperPlan {
  email: string;
  ip: string;
  lines: { handle: string; quantity: number }[];
  /** An advocate's own first order, before they share (they are customers of the shop). */
  advocate?: number;
}

export function planDemoHistory(random: () => number, now: number, scale: number): { advocates: AdvocatePlan[]; friends: FriendPlan[]; shoppers: ShopperPlan[]; events: Event[] } {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const start = now - 90 * DAY;
  const used = new Set<string>();
  const email = (first: string, last: string) => {
    for (let n = 0; ; n++) {
      const e = `${first}.${last}${n ? n + 1 : ""}@${pick(DOMAINS)}`.toLowerCase();
      if (!used.has(e)) {
        used.add(e);
        return e;
      }
    }
  };
  const advocateCount = Math.round(40 * scale);
  const advocates: AdvocatePlan[] = [];
  for (let i = 0; i < advocateCount; i++) {
    // Most advocates are logged-in customers; about a quarter got their link as guests.
    // Early joiners and a few enthusiasts bring most friends (a long tail, as real programs see).
    const joinedAt = start + Math.floor(Math.pow(random(), 1.6) * 75 * DAY) + Math.floor(random() * 10 * HOUR);
    advocates.push({
      email: email(FIRST[i % FIRST.length], pick(LAST)),
      loggedIn: random() < 0.75,
      ip: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      joinedAt,
      weight: Math.pow(1 - random(), 2.2) * ((now - joinedAt) / (90 * DAY)) + 0.02,
    });
  }
  const products = ["demo", "canvas-tote", "wool-scarf"];
  const basket = () => {
    const lines = [{ handle: pick(products), quantity: random() < 0.2 ? 2 : 1 }];
    if (random() < 0.25) lines.push({ handle: pick(products.filter((p) => p !== lines[0].handle)), quantity: 1 });
    return lines;
  };
  // The shop's other orders: each advocate bought before sharing, and shoppers who came on
  // their own (the dashboard compares referred orders with all orders).
  const shoppers: ShopperPlan[] = [];
  const shopperEvents: Event[] = [];
  advocates.forEach((a, i) => {
    shoppers.push({ email: a.email, ip: a.ip, lines: basket(), advocate: i });
    shopperEvents.push({ at: a.joinedAt - HOUR - Math.floor(random() * Math.min(20 * DAY, Math.max(0, a.joinedAt - start - HOUR))), kind: "shopper-order", shopper: shoppers.length - 1 });
  });
  for (let i = 0; i < Math.round(150 * scale); i++) {
    shoppers.push({ email: email(pick(FIRST), pick(LAST)), ip: `10.9.${Math.floor(i / 250)}.${(i % 250) + 1}`, lines: basket() });
    shopperEvents.push({ at: start + Math.floor(random() * (now - 20 * MINUTE - start)), kind: "shopper-order", shopper: shoppers.length - 1 });
  }
  const totalWeight = advocates.reduce((s, a) => s + a.weight, 0);
  const friends: FriendPlan[] = [];
  const events: Event[] = [...shopperEvents, ...advocates.map((a, i) => ({ at: a.joinedAt, kind: "advocate" as const, advocate: i }))];
  const friendCount = Math.round(430 * scale);
  const latest = now - 20 * MINUTE;
  for (let f = 0; f < friendCount; f++) {
    let r = random() * totalWeight;
    let advocate = 0;
    while (r > advocates[advocate].weight && advocate < advocates.length - 1) r -= advocates[advocate++].weight;
    const a = advocates[advocate];
    // Clicks pick up as the program grows and on weekends.
    let clickAt = 0;
    for (let tries = 0; tries < 20; tries++) {
      clickAt = a.joinedAt + Math.floor(random() * (latest - a.joinedAt));
      const day = new Date(clickAt).getUTCDay();
      const growth = 0.35 + 0.65 * ((clickAt - start) / (90 * DAY));
      if (random() < growth * (day === 0 || day === 6 ? 1 : 0.8)) break;
    }
    const lines = basket();
    // A few friends the fraud checks should catch: a throwaway address, or the advocate's own device.
    const risk = random();
    const friendEmail = email(pick(FIRST), pick(LAST));
    const friend: FriendPlan = {
      advocate,
      email: risk < 0.02 ? friendEmail.replace(/@.*/, `@${pick(["mailinator.com", "sharklasers.com", "10minutemail.com"])}`) : friendEmail,
      ip: risk > 0.985 ? a.ip : `10.${20 + Math.floor(f / 60000)}.${Math.floor(f / 250) % 250}.${(f % 250) + 1}`,
      agent: random() < 0.55 ? PHONE_AGENT : USER_AGENT,
      lines,
      claims: random() < 0.45,
      orderIds: [],
    };
    friends.push(friend);
    events.push({ at: clickAt, kind: "click", friend: f });
    let t = clickAt;
    if (friend.claims) {
      t += 40_000 + Math.floor(random() * 8 * MINUTE);
      events.push({ at: t, kind: "claim", friend: f });
    }
    // About three in five friends buy: most within a day or three, a few seconds after the
    // click or claim (the fast-conversion rule holds those for review).
    const buys = random() < (friend.claims ? 0.72 : 0.5);
    if (!buys) continue;
    const fast = random() < 0.05;
    const orderAt = fast ? t + 3_000 + Math.floor(random() * 6_000) : t + 20 * MINUTE + Math.floor(Math.pow(random(), 2) * 4 * DAY);
    if (orderAt > latest) continue;
    events.push({ at: orderAt, kind: "order", friend: f, nth: 0, fast });
    // Some buy again later (not referred again: the program rewards first orders).
    if (random() < 0.12 && orderAt + 10 * DAY < latest) events.push({ at: orderAt + 7 * DAY + Math.floor(random() * 20 * DAY), kind: "order", friend: f, nth: 1 });
    const after = random();
    const returnAt = orderAt + 2 * DAY + Math.floor(random() * 9 * DAY);
    if (returnAt < latest) {
      if (after < 0.07) events.push({ at: returnAt, kind: "refund", friend: f });
      else if (after < 0.11) events.push({ at: returnAt, kind: "partial-refund", friend: f });
      else if (after < 0.14) events.push({ at: orderAt + 2 * HOUR, kind: "cancel", friend: f });
    }
  }
  events.sort((x, y) => x.at - y.at);
  return { advocates, friends, shoppers, events };
}

// ----------------------------------------------------------------------------- HTTP

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** An admin request to the app as App Bridge makes it (Remix single fetch, turbo-stream). */
async function admin<T>(o: DemoHistoryOptions, path: string, route: string, form?: Record<string, string>, query = ""): Promise<T> {
  let res: Response;
  for (let attempt = 1; ; attempt++) {
    const { token } = createSessionToken({ shop: o.shop, apiKey: o.apiKey, apiSecret: o.apiSecret, userId: "1" });
    const headers: Record<string, string> = { "User-Agent": USER_AGENT, Authorization: `Bearer ${token}` };
    if (form) headers["Content-Type"] = "application/x-www-form-urlencoded";
    res = await fetch(`${o.appUrl}${path}.data${query ? `?${query}` : ""}`, { method: form ? "POST" : "GET", headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: "manual" });
    // A 5xx (SQLite busy while the worker writes, say) is worth another try, as a merchant would.
    if (res.status < 500 || attempt === 3) break;
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 1_000));
  }
  if (!res.body || !res.headers.get("content-type")?.includes("text/x-script")) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  const decoded = await decode(res.body, { plugins: [(type, ...values) => ({ value: type === "SingleFetchRedirect" ? { redirect: values[0] } : { __type: type, values } })] });
  await decoded.done;
  const value = decoded.value as Record<string, { data?: unknown }> & { redirect?: unknown; data?: unknown };
  if (value.redirect) return { redirect: value.redirect } as T;
  return (form ? value.data : value[route]?.data) as T;
}

export async function seedDemoHistory(o: DemoHistoryOptions): Promise<DemoHistorySummary> {
  const started = Date.now();
  const log = o.log ?? ((line: string) => console.log(line));
  const summary: DemoHistorySummary = { skipped: false, advocates: 0, clicks: 0, claims: 0, orders: 0, shopperOrders: 0, refunds: 0, cancels: 0, fastOrders: 0, ms: 0, settleMs: 0 };
  const home = await admin<{ dashboard: { hasActivity: boolean } | null }>(o, "/app", "routes/app._index");
  if (home.dashboard?.hasActivity) {
    log(
      "  the demo shop already has referral history in the database: not seeding it again. The sandbox keeps Shopify's side in\n" +
        "  memory and starts empty, so those advocates' customers, codes and credit are gone from it and new sandbox customers\n" +
        "  may reuse their ids: for a consistent demo stop it, delete prisma/dev.sqlite* and run it again.",
    );
    return { ...summary, skipped: true, ms: Date.now() - started };
  }
  const sandbox = (path: string, body: unknown) =>
    fetch(`${o.sandboxUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const store = `${o.sandboxUrl}/storefront/${o.shop}`;
  let clock = 0;
  const setClock = async (at: number) => {
    if (at <= clock) return;
    await json(await sandbox("/__sandbox/clock", { set: new Date(at).toISOString() }), "set the sandbox clock");
    clock = at;
  };
  const now = Date.now();
  const random = mulberry32(o.seed ?? 20261206);
  const { advocates, friends, shoppers, events } = planDemoHistory(random, now, o.scale ?? 1);
  const named = new Set<string>();
  const login = async (email: string) => {
    if (!named.has(email)) {
      // The customer has a name in Shopify (the storefront's login form takes only an email).
      await json(await sandbox("/__sandbox/customers", { shop: o.shop, customers: [{ email, ...nameOf(email) }] }), `customer ${email}`);
      named.add(email);
    }
    // Log in at the storefront (a new email becomes a sandbox customer), as the shopper would.
    const res = await fetch(`${store}/account/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT }, body: new URLSearchParams({ email, return_to: "/" }), redirect: "manual" });
    const id = /sandbox_customer=(\d+)/.exec(res.headers.getSetCookie().join(", "))?.[1];
    if (!id) throw new Error(`the storefront login did not log ${email} in (${res.status})`);
    return id;
  };

  try {
    // The merchant sets up the program ninety days ago: onboarding, the default rewards (the
    // advocate's credit after a 14-day hold), no monthly cap per advocate (Reward rows are dated
    // when written, so a cap would count ninety days of them as this month's); turns it on; and holds for review
    // orders placed within 10 s of the click (a person following the walkthrough takes longer)
    // or from throwaway addresses.
    await setClock(now - 91 * DAY);
    await admin(o, "/app/onboarding", "routes/app.onboarding");
    await admin(o, "/app/onboarding", "routes/app.onboarding", {});
    const editor = await admin<{ form: Record<string, string> }>(o, "/app/program", "routes/app.program");
    const saved = await admin<{ ok?: boolean }>(o, "/app/program", "routes/app.program", { ...editor.form, "limits.maxRewardsPerAdvocatePerMonth": "", intent: "save" });
    if (!saved?.ok) throw new Error(`the program editor refused the demo program: ${JSON.stringify(saved)}`);
    const on = await admin<{ ok?: boolean }>(o, "/app/program", "routes/app.program", { intent: "activate" });
    if (!on?.ok) throw new Error(`could not turn the program on: ${JSON.stringify(on)}`);
    const fraud = await admin<{ form: Record<string, string> }>(o, "/app/fraud", "routes/app.fraud");
    const fraudSaved = await admin<{ ok?: boolean }>(o, "/app/fraud", "routes/app.fraud", { ...fraud.form, "rule.fast_conversion.mode": "hold", "rule.fast_conversion.config.minSeconds": "10", "rule.disposable_email.mode": "hold" });
    if (!fraudSaved?.ok) throw new Error(`the fraud settings refused the demo rule: ${JSON.stringify(fraudSaved)}`);

    // Each webhook is handled at (nearly) the time it stands for: let the worker catch up
    // before the clock moves more than three days past the last wait.
    let unsettled = 0;
    let settledAt = 0;
    for (const event of events) {
      if (unsettled > 0 && event.at - settledAt > 3 * DAY) {
        const waited = Date.now();
        await settle(o);
        summary.settleMs += Date.now() - waited;
        unsettled = 0;
        settledAt = event.at;
      }
      await setClock(event.at);
      switch (event.kind) {
        case "advocate": {
          const a = advocates[event.advocate];
          const customer = a.loggedIn ? await login(a.email) : "";
          const res = await fetch(`${store}/apps/twofold/advocate${customer ? `?as_customer=${customer}` : ""}`, {
            method: "POST",
            headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT, "X-Sandbox-Client-Ip": a.ip },
            body: customer ? "" : new URLSearchParams({ email: a.email }).toString(),
          });
          a.code = (await json<{ code: string }>(res, `advocate link for ${a.email}`)).code;
          summary.advocates++;
          break;
        }
        case "shopper-order": {
          const shopper = shoppers[event.shopper];
          // Advocates who share while logged in bought while logged in; the others as guests.
          const customerId = shopper.advocate !== undefined && advocates[shopper.advocate].loggedIn ? await login(shopper.email) : null;
          const res = await sandbox("/__sandbox/checkout", { shop: o.shop, customerId, email: shopper.email, ...nameOf(shopper.email), lines: shopper.lines, landingSite: "/", browserIp: shopper.ip, userAgent: USER_AGENT });
          await json(res, `checkout by ${shopper.email}`);
          summary.shopperOrders++;
          unsettled++;
          break;
        }
        case "click": {
          const f = friends[event.friend];
          const res = await fetch(`${store}/apps/twofold/r/${advocates[f.advocate].code}`, { headers: { "User-Agent": f.agent, "X-Sandbox-Client-Ip": f.ip }, redirect: "manual" });
          if (res.status !== 302) throw new Error(`click on ${advocates[f.advocate].code}: ${res.status}`);
          summary.clicks++;
          break;
        }
        case "claim": {
          const f = friends[event.friend];
          const res = await fetch(`${store}/apps/twofold/claim`, {
            method: "POST",
            headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded", "User-Agent": f.agent, "X-Sandbox-Client-Ip": f.ip },
            body: new URLSearchParams({ email: f.email, ref: advocates[f.advocate].code! }).toString(),
          });
          f.discountCode = (await json<{ discountCode?: string | null }>(res, `claim by ${f.email}`)).discountCode ?? null;
          summary.claims++;
          break;
        }
        case "order": {
          const f = friends[event.friend];
          const code = advocates[f.advocate].code!;
          const first = event.nth === 0;
          const res = await sandbox("/__sandbox/checkout", {
            shop: o.shop,
            email: f.email,
            ...nameOf(f.email),
            lines: first ? f.lines : [{ handle: "canvas-tote", quantity: 1 }],
            // The friend's code on the first order; the app embed's cart attribute and landing page.
            discountCode: first ? (f.discountCode ?? null) : null,
            attributes: first ? { _twofold_ref: code } : {},
            landingSite: first ? `/?ref=${code}` : "/",
            browserIp: f.ip,
            userAgent: f.agent,
          });
          const { order } = await json<{ order: { id: string } }>(res, `checkout by ${f.email}`);
          f.orderIds.push(order.id);
          summary.orders++;
          if (event.fast) summary.fastOrders++;
          unsettled++;
          break;
        }
        default: {
          const f = friends[event.friend];
          const orderId = f.orderIds[0];
          if (!orderId) break;
          const path = event.kind === "cancel" ? "/__sandbox/orders/cancel" : "/__sandbox/orders/refund";
          const body: Record<string, unknown> = { shop: o.shop, orderId };
          if (event.kind === "partial-refund") body.amount = "15.00";
          if (event.kind === "cancel") body.reason = "customer";
          await json(await sandbox(path, body), `${event.kind} of ${orderId}`);
          if (event.kind === "cancel") summary.cancels++;
          else summary.refunds++;
          unsettled++;
        }
      }
    }
    const waited = Date.now();
    await settle(o);
    summary.settleMs += Date.now() - waited;
    // Advocates' emails, referral statuses and the like settle in jobs the orders started.
  } finally {
    // Back to real time: the clock now stands where the history ends.
    await sandbox("/__sandbox/clock", { reset: true }).catch(() => undefined);
  }
  summary.ms = Date.now() - started;
  return summary;
}

/** Waits (up to `timeoutMs`) for the dashboard's rollup job to run after `since`; answers whether it did. */
export async function waitForDashboard(o: DemoHistoryOptions, since: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const home = await admin<{ dashboard: { rolledUpAt: string | null } | null }>(o, "/app", "routes/app._index");
    const at = home.dashboard?.rolledUpAt ? Date.parse(home.dashboard.rolledUpAt) : 0;
    if (at >= since) return true;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return false;
}

/** Waits for the sandbox to deliver its webhooks and for the app's worker to run the jobs they queued. */
async function settle(o: DemoHistoryOptions): Promise<void> {
  const res = await fetch(`${o.sandboxUrl}/__sandbox/outbox/settle`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ timeoutMs: 30_000 }) });
  const { pending } = await json<{ pending: number }>(res, "outbox settle");
  if (pending) throw new Error(`the sandbox could not deliver ${pending} webhooks to the app`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    // The admin's Jobs page lists the shop's waiting and running jobs.
    const [queued, running] = await Promise.all([
      admin<{ jobs: { runAt: string }[] }>(o, "/app/jobs", "routes/app.jobs", undefined, "status=queued"),
      admin<{ jobs: unknown[] }>(o, "/app/jobs", "routes/app.jobs", undefined, "status=running"),
    ]);
    // Jobs waiting for a later retry (a store-credit account's lock, say) do not hold the seeding up.
    const due = queued.jobs.filter((j) => Date.parse(j.runAt) <= Date.now() + 1_000).length;
    if (due === 0 && running.jobs.length === 0) return;
    if (Date.now() > deadline) throw new Error(`the worker did not catch up within a minute (${due} jobs due, ${running.jobs.length} running)`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = process.env;
  const options: DemoHistoryOptions = {
    appUrl: env.APP_URL ?? "http://localhost:3000",
    sandboxUrl: env.SANDBOX_URL ?? "http://localhost:3457",
    shop: env.DEMO_SHOP ?? "twofold-demo.myshopify.com",
    apiKey: env.SHOPIFY_API_KEY ?? "twofold-demo-key",
    apiSecret: env.SHOPIFY_API_SECRET ?? "twofold-demo-secret",
    seed: env.DEMO_SEED ? Number(env.DEMO_SEED) : undefined,
  };
  const summary = await seedDemoHistory(options);
  if (!summary.skipped) {
    console.log(
      `  seeded ${summary.advocates} advocates, ${summary.clicks} clicks, ${summary.claims} claims, ${summary.orders} referred orders ` +
        `(${summary.fastOrders} placed seconds after the click: held for review), ${summary.refunds} refunds, ${summary.cancels} cancellations ` +
        `and ${summary.shopperOrders} other orders in ${(summary.ms / 1000).toFixed(0)} s ` +
        `(${(summary.settleMs / 1000).toFixed(0)} s of it waiting for the worker)`,
    );
    const waitStarted = Date.now();
    if (await waitForDashboard(options, waitStarted - 1_000, 90_000)) console.log(`  the dashboard rolled it up ${((Date.now() - waitStarted) / 1000).toFixed(0)} s later`);
    else console.log("  the dashboard's numbers fill in at its next rollup (every 5 minutes unless ROLLUP_EVERY_MS says otherwise)");
  }
}
