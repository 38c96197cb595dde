// Shared set-up for the order pipeline tests: an active program, advocates and friends that
// exist both in Twofold's database and as customers in the sandbox, and readers of what the
// sandbox really issued.
import type { Db } from "../../app/db.server";
import type { ProgramConfigInput } from "../../app/program/program-config";
import { saveProgramVersion, setProgramStatus } from "../../app/program/program.server";
import { addCustomer, type SandboxOrder, type SandboxState } from "../../sandbox/admin/state";
import { placeOrder, refundOrder } from "../../sandbox/checkout/place-order";
import { outboxMessages } from "../../sandbox/checkout/webhook-outbox";
import type { Sandbox } from "../../sandbox/server";

export const BASE_CONFIG: ProgramConfigInput = {
  currency: "USD",
  friendReward: { type: "fixed_amount", amountMinor: 1000, issueMode: "after_first_order", codeExpiryDays: 30 },
  advocateReward: { kind: "store_credit", type: "fixed_amount", amountMinor: 1500, holdDays: 0, minimumOrderMinor: 2000 },
  limits: {},
  terms: "Be nice.",
  shareMessage: "Try this shop {{link}}",
};

export async function activateProgram(db: Db, shop: string, config: ProgramConfigInput = BASE_CONFIG): Promise<string> {
  const saved = await saveProgramVersion(db, { shop, input: config, actor: "test" });
  if (!saved.ok) throw new Error(`program config rejected: ${JSON.stringify(saved.fieldErrors)}`);
  await setProgramStatus(db, shop, "active", "test");
  return saved.version.id;
}

let nextCustomer = 700_000_000_000_000_000n;
/** A Shopify-sized customer id (above 2^53), registered in the sandbox. */
export function sandboxCustomer(state: SandboxState, shop: string, email: string): { id: bigint; gid: string; email: string } {
  const id = nextCustomer++;
  const sandboxShop = state.shops.get(shop);
  if (!sandboxShop) throw new Error(`no sandbox shop ${shop}`);
  addCustomer(state, sandboxShop, { id: id.toString(), email });
  return { id, gid: `gid://shopify/Customer/${id}`, email };
}

export async function createAdvocate(db: Db, shop: string, code: string, customer: { gid: string; email: string }) {
  return db.advocate.create({ data: { shopId: shop, code, customerGid: customer.gid, email: customer.email } });
}

export interface IssuedInSandbox {
  /** credit transactions per customer gid */
  credits: Map<string, { id: string; amountMinor: number }[]>;
  debits: Map<string, { id: string; amountMinor: number }[]>;
  balances: Map<string, number>;
  codes: Map<string, { id: string; code: string; title: string; customerIds: string[] }>;
}

export function issuedInSandbox(state: SandboxState, shop: string): IssuedInSandbox {
  const s = state.shops.get(shop)!;
  const credits = new Map<string, { id: string; amountMinor: number }[]>();
  const debits = new Map<string, { id: string; amountMinor: number }[]>();
  const balances = new Map<string, number>();
  for (const account of s.storeCreditAccounts.values()) {
    balances.set(account.customerId, (balances.get(account.customerId) ?? 0) + account.balanceMinor);
    for (const tx of account.transactions) {
      const map = tx.kind === "CREDIT" ? credits : debits;
      map.set(account.customerId, [...(map.get(account.customerId) ?? []), { id: tx.id, amountMinor: tx.amountMinor }]);
    }
  }
  const codes = new Map<string, { id: string; code: string; title: string; customerIds: string[] }>();
  for (const d of s.discounts.values()) codes.set(d.code, { id: d.id, code: d.code, title: d.title, customerIds: d.customerIds });
  return { credits, debits, balances, codes };
}

/**
 * Places an order at the sandbox checkout (one demo product, $50 + $5 shipping) for a customer
 * with these cart attributes: Shopify's state changes as at a real checkout, and the order's
 * orders/create and orders/paid bodies are taken from the sandbox's outbox, as it would send
 * them. The caller delivers them (set the sandbox to drop its own deliveries first).
 */
export function checkoutOrder(sandbox: Sandbox, shop: string, input: { customerGid: string; attributes: Record<string, string> }): { order: SandboxOrder; bodies: Map<string, string> } {
  const placed = placeOrder(sandbox.ctx, sandbox.state.shops.get(shop)!, {
    lines: [{ variantId: "demo", quantity: 1 }],
    customerId: input.customerGid,
    email: null,
    discountCode: null,
    useStoreCredit: false,
    attributes: input.attributes,
    note: null,
    landingSite: null,
    referringSite: null,
    browserIp: null,
    userAgent: null,
    locale: "en",
  });
  if ("errors" in placed) throw new Error(`checkout refused: ${JSON.stringify(placed.errors)}`);
  return { order: placed.order, bodies: queuedBodies(sandbox, shop, 2) };
}

/** Refunds the order at the sandbox (Shopify's state) and answers the refunds/create body it queued. */
export function refundAtSandbox(sandbox: Sandbox, shop: string, order: SandboxOrder, amountMinor: number): string {
  const refunded = refundOrder(sandbox.ctx, sandbox.state.shops.get(shop)!, order, { amountMinor });
  if ("error" in refunded) throw new Error(refunded.error);
  return queuedBodies(sandbox, shop, 1).get("refunds/create")!;
}

/** The bodies of the last `count` webhooks the sandbox queued for the shop, by topic. */
function queuedBodies(sandbox: Sandbox, shop: string, count: number): Map<string, string> {
  return new Map(outboxMessages(sandbox.ctx, shop).slice(-count).map((m) => [m.topic, m.body]));
}
