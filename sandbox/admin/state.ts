/**
 * In-memory state of the sandbox: shops, their access tokens, customers, discount codes,
 * store credit accounts with transactions, injected faults and a request log.
 */
import { defaultTheme, type SandboxTheme } from "./theme";
import { randomBytes } from "node:crypto";
import { DEFAULT_SCOPES } from "./access";
import { LeakyBucket } from "./bucket";
import { convertMinorUnits } from "./money";

export type CustomerAccountsVersion = "NEW_CUSTOMER_ACCOUNTS" | "CLASSIC";

export interface SandboxCustomer {
  id: string; // gid://shopify/Customer/N
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
  tags: string[];
  /** Orders placed through the sandbox checkout (Customer.numberOfOrders). */
  numberOfOrders: number;
  /** Sum of those orders' totals, minor units of the shop currency (Customer.amountSpent). */
  amountSpentMinor: number;
  /** Customer.locale (the buyer's language at checkout). */
  locale: string;
}

export interface SandboxOrderLine {
  id: string; // gid://shopify/LineItem/N
  title: string;
  quantity: number;
  /** Unit price, minor units. */
  priceMinor: number;
  productId: string;
  variantId: string;
  sku: string;
}

export interface SandboxOrderDiscount {
  code: string;
  /** The discount node the code belongs to. */
  discountId: string;
  type: "percentage" | "fixed_amount" | "shipping";
  /** What it took off, minor units. */
  amountMinor: number;
}

export interface SandboxOrderRefund {
  id: string; // gid://shopify/Refund/N
  createdAt: string;
  amountMinor: number;
  note: string | null;
}

/** An order placed through the sandbox checkout; the webhooks are built from it. */
export interface SandboxOrder {
  id: string; // gid://shopify/Order/N (N above 2^53, as Shopify's are)
  number: number;
  name: string; // "#1001"
  createdAt: string;
  processedAt: string;
  /** Moves with every change (refund, cancel), as Shopify's `updatedAt`; `orders(query: "updated_at:>…")` filters on it. */
  updatedAt?: string;
  email: string;
  customerId: string | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  /** Units of the presentment currency per unit of the shop's, as converted at checkout ("1" when they are the same). */
  presentmentRate?: string;
  lines: SandboxOrderLine[];
  subtotalMinor: number;
  shippingMinor: number;
  discounts: SandboxOrderDiscount[];
  totalDiscountsMinor: number;
  /**
   * Paid with store credit, in minor units of the presentment currency (the account in that
   * currency paid it; a gift-card-like payment, not a discount). Every other amount is in the
   * shop's currency.
   */
  storeCreditMinor: number;
  totalMinor: number;
  noteAttributes: { name: string; value: string }[];
  note: string | null;
  landingSite: string | null;
  referringSite: string | null;
  browserIp: string | null;
  userAgent: string | null;
  locale: string;
  financialStatus: "paid" | "partially_refunded" | "refunded" | "voided";
  cancelledAt: string | null;
  cancelReason: string | null;
  refunds: SandboxOrderRefund[];
}

export interface SandboxDiscountCode {
  id: string; // gid://shopify/DiscountCodeNode/N
  codeId: string; // gid://shopify/DiscountRedeemCode/N
  title: string;
  code: string;
  createdAt: string;
  updatedAt: string;
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  /** Customer gids the code is limited to; empty means all buyers. */
  customerIds: string[];
  /** The raw input, for tests to inspect (customerGets, combinesWith, ...). */
  input: Record<string, unknown>;
  asyncUsageCount: number;
  /** basic (percentage / fixed amount off the order) or freeShipping. Default basic. */
  kind?: "basic" | "freeShipping";
  /** Buyers who used it (customer gid, or "email:<address>" for guests): once per customer. */
  usedBy?: string[];
  /** Set by discountCodeDeactivate: the code no longer applies. */
  deactivatedAt?: string | null;
}

export interface SandboxStoreCreditTransaction {
  id: string;
  kind: "CREDIT" | "DEBIT" | "EXPIRATION";
  /** StoreCreditSystemEvent: ADJUSTMENT (the app's mutations), ORDER_PAYMENT (spent at checkout). */
  event?: "ADJUSTMENT" | "ORDER_PAYMENT" | "ORDER_REFUND";
  /** Credits: what debits have not used yet (StoreCreditAccountCreditTransaction.remainingAmount). */
  remainingMinor?: number;
  /** Credits: passed their expiresAt; the remaining amount left the balance. */
  expired?: boolean;
  /** Debits at checkout: the order that spent it. */
  orderId?: string;
  /** Signed minor units: positive for credits, negative for debits. */
  amountMinor: number;
  balanceAfterMinor: number;
  createdAt: string;
  expiresAt: string | null;
  notify: boolean;
}

/** A customer segment (Shopify's segment editor): its members are listed here, not computed from the query. */
export interface SandboxSegment {
  id: string; // gid://shopify/Segment/N
  name: string;
  query: string;
  /** Customer gids, in the order customerSegmentMembers lists them. */
  customerIds: string[];
  creationDate: string;
}

export interface SandboxStoreCreditAccount {
  id: string; // gid://shopify/StoreCreditAccount/N
  customerId: string;
  currencyCode: string;
  balanceMinor: number;
  transactions: SandboxStoreCreditTransaction[]; // oldest first
}

export type FaultKind = "http429" | "http500" | "http502" | "http503" | "timeout" | "throttled" | "applyThenFail";

export interface SandboxFault {
  id: number;
  kind: FaultKind;
  /** How many more matching requests it applies to. */
  remaining: number;
  /** Only requests whose GraphQL document contains this text (e.g. "storeCreditAccountCredit"). */
  match?: string;
  /** Retry-After seconds for 429 (default 1). */
  retryAfter?: number;
  /** For timeout: hold the response this long before dropping the socket (default 10000). */
  holdMs?: number;
  /** For timeout: execute the request before holding (the outcome is then ambiguous). */
  apply?: boolean;
  /** For applyThenFail: the HTTP status to answer with after applying (default 502). */
  status?: number;
}

export interface SandboxRequestLogEntry {
  at: string;
  shop: string;
  operationName: string | null;
  /** First field names of the operation (e.g. ["storeCreditAccountCredit"]). */
  fields: string[];
  query: string;
  variables: Record<string, unknown> | null;
  status: number;
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttled: boolean;
  fault: FaultKind | null;
  errors: number;
}

export interface SandboxShop {
  domain: string; // shop-name.myshopify.com
  /** The storefront's own domain (www.acme.com) when the shop has one; else the myshopify domain is primary. */
  primaryDomain: string | null;
  name: string;
  email: string;
  currencyCode: string;
  /** Currencies store credit may be held in besides currencyCode. */
  enabledPresentmentCurrencies: string[];
  /** Exchange rates from the shop's currency (units of the currency per unit of the shop's), Shopify's automatic rates. */
  presentmentRates: Record<string, string>;
  customerAccountsVersion: CustomerAccountsVersion;
  loginRequiredAtCheckout: boolean;
  /** Store credit limit per account, in major units as a decimal string (per currency or "*"). */
  storeCreditLimit: Record<string, string>;
  bucket: LeakyBucket;
  customers: Map<string, SandboxCustomer>;
  discounts: Map<string, SandboxDiscountCode>;
  storeCreditAccounts: Map<string, SandboxStoreCreditAccount>;
  /** order gid -> order, placed through the sandbox checkout. */
  orders: Map<string, SandboxOrder>;
  /** Customer segments, oldest first (segments / segment / customerSegmentMembers). */
  segments: SandboxSegment[];
  /** The published theme (see theme.ts): what the app reads to tell whether its embed and blocks are on. */
  theme: SandboxTheme;
  faults: SandboxFault[];
  requestLog: SandboxRequestLogEntry[];
  createdAt: string;
}

export interface SandboxState {
  shops: Map<string, SandboxShop>;
  /** access token -> shop domain */
  tokens: Map<string, string>;
  /** access token -> its scopes when not the default (seeded or issued with explicit scopes) */
  tokenScopes: Map<string, string>;
  /** Milliseconds clock used for timestamps and the leaky bucket (injectable for tests). */
  now: () => number;
  /** Added to the base clock by POST /__sandbox/clock (time travel for holds and expiry). */
  clockOffsetMs: number;
  /**
   * The base clock without time travel: what signatures and session tokens are dated by,
   * since the app checks them against its own real clock.
   */
  signingNow: () => number;
  /** Defaults for newly created shops. */
  defaults: {
    restoreRate: number;
    bucketSize: number;
    storeCreditLimit: string;
    scopes: string;
    webhookRetryScale: number;
    /** Share of webhook deliveries never sent (0..1; POST /__sandbox/webhooks/drop changes it). */
    webhookDropRate?: number;
    webhookDropSeed?: number;
  };
  /** Free slot for other parts of the sandbox (storefront, webhooks) to keep their state. */
  ext: Record<string, unknown>;
  nextId(): number;
}

export interface StateOptions {
  now?: () => number;
  restoreRate?: number;
  bucketSize?: number;
  /** Default per-account store credit limit in major units (default "10000"). */
  storeCreditLimit?: string;
  /** Scopes every token holds unless issued with others (default: the app's toml scopes). */
  scopes?: string;
  /** Multiplies Shopify's webhook retry delays (1 = real time; tests use 0.001). */
  webhookRetryScale?: number;
  /** Share of webhook deliveries dropped for good (0..1, default 0) and the seed that draws them. */
  webhookDropRate?: number;
  webhookDropSeed?: number;
}

export function createState(opts: StateOptions = {}): SandboxState {
  let counter = 1000;
  const base = opts.now ?? (() => Date.now());
  const state: SandboxState = {
    shops: new Map(),
    tokens: new Map(),
    tokenScopes: new Map(),
    clockOffsetMs: 0,
    now: () => base() + state.clockOffsetMs,
    signingNow: base,
    defaults: {
      scopes: opts.scopes ?? DEFAULT_SCOPES,
      restoreRate: opts.restoreRate ?? 100,
      bucketSize: opts.bucketSize ?? 2000,
      storeCreditLimit: opts.storeCreditLimit ?? "10000",
      webhookRetryScale: opts.webhookRetryScale ?? 1,
      webhookDropRate: opts.webhookDropRate ?? 0,
      webhookDropSeed: opts.webhookDropSeed ?? 1,
    },
    ext: {},
    nextId: () => ++counter,
  };
  return state;
}

/** Empties all shops and tokens (keeps defaults, clock and ext slot keys cleared too). */
export function resetState(state: SandboxState): void {
  state.shops.clear();
  state.tokens.clear();
  state.tokenScopes.clear();
  state.clockOffsetMs = 0;
  for (const key of Object.keys(state.ext)) delete state.ext[key];
}

export interface ShopSeed {
  domain: string;
  /** A custom primary domain (host), e.g. "www.acme.example"; null removes it. */
  primaryDomain?: string | null;
  name?: string;
  email?: string;
  currencyCode?: string;
  currency?: string; // alias
  enabledPresentmentCurrencies?: string[];
  /** Buyers may check out in these currencies at these rates (they are enabled too). */
  presentmentRates?: Record<string, string>;
  customerAccountsVersion?: CustomerAccountsVersion;
  loginRequiredAtCheckout?: boolean;
  restoreRate?: number;
  bucketSize?: number;
  storeCreditLimit?: string | Record<string, string>;
  accessToken?: string;
  /** Scopes of `accessToken` (default: the sandbox's, i.e. the app's toml scopes). */
  scopes?: string;
}

export function normalizeShopDomain(input: string): string {
  let d = input.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  if (!d.includes(".")) d = `${d}.myshopify.com`;
  return d;
}

/** Creates a shop or updates an existing one's settings; returns it. */
export function upsertShop(state: SandboxState, seed: ShopSeed): SandboxShop {
  const domain = normalizeShopDomain(seed.domain);
  const existing = state.shops.get(domain);
  const restoreRate = seed.restoreRate ?? existing?.bucket.config.restoreRate ?? state.defaults.restoreRate;
  const bucketSize =
    seed.bucketSize ??
    (seed.restoreRate != null ? seed.restoreRate * 20 : undefined) ??
    existing?.bucket.config.maximumAvailable ??
    state.defaults.bucketSize;
  const limit =
    typeof seed.storeCreditLimit === "string"
      ? { "*": seed.storeCreditLimit }
      : (seed.storeCreditLimit ?? existing?.storeCreditLimit ?? { "*": state.defaults.storeCreditLimit });
  const shop: SandboxShop = existing ?? {
    domain,
    primaryDomain: null,
    name: "",
    email: "",
    currencyCode: "USD",
    enabledPresentmentCurrencies: [],
    presentmentRates: {},
    customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
    loginRequiredAtCheckout: false,
    storeCreditLimit: limit,
    bucket: new LeakyBucket({ restoreRate, maximumAvailable: bucketSize }, state.now),
    customers: new Map(),
    discounts: new Map(),
    storeCreditAccounts: new Map(),
    orders: new Map(),
    segments: [],
    theme: defaultTheme(),
    faults: [],
    requestLog: [],
    createdAt: new Date(state.now()).toISOString(),
  };
  shop.name = seed.name ?? (existing ? shop.name : domain.split(".")[0]);
  if (seed.primaryDomain !== undefined) shop.primaryDomain = seed.primaryDomain ? normalizeShopDomain(seed.primaryDomain) : null;
  shop.email = seed.email ?? (existing ? shop.email : `owner@${domain}`);
  shop.currencyCode = (seed.currencyCode ?? seed.currency ?? shop.currencyCode).toUpperCase();
  shop.enabledPresentmentCurrencies = seed.enabledPresentmentCurrencies ?? shop.enabledPresentmentCurrencies;
  if (seed.presentmentRates) {
    shop.presentmentRates = Object.fromEntries(Object.entries(seed.presentmentRates).map(([c, r]) => [c.toUpperCase(), r]));
    shop.enabledPresentmentCurrencies = [...new Set([...shop.enabledPresentmentCurrencies, ...Object.keys(shop.presentmentRates)])];
  }
  shop.customerAccountsVersion = seed.customerAccountsVersion ?? shop.customerAccountsVersion;
  shop.loginRequiredAtCheckout = seed.loginRequiredAtCheckout ?? shop.loginRequiredAtCheckout;
  shop.storeCreditLimit = limit;
  shop.bucket.config = { restoreRate, maximumAvailable: bucketSize };
  state.shops.set(domain, shop);
  if (seed.accessToken) {
    state.tokens.set(seed.accessToken, domain);
    if (seed.scopes !== undefined) state.tokenScopes.set(seed.accessToken, seed.scopes);
  }
  return shop;
}

/** Issues a new offline access token for the shop (creating the shop if needed). */
export function issueToken(state: SandboxState, domain: string, scopes?: string): string {
  const shop = state.shops.get(normalizeShopDomain(domain)) ?? upsertShop(state, { domain });
  const token = `shpat_${randomBytes(16).toString("hex")}`;
  state.tokens.set(token, shop.domain);
  if (scopes !== undefined) state.tokenScopes.set(token, scopes);
  return token;
}

/** The scopes a token holds, as a comma-separated list. */
export function scopesOfToken(state: SandboxState, token: string): string {
  return state.tokenScopes.get(token) ?? state.defaults.scopes;
}

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export function parseGid(value: string): { type: string; id: string } | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?]+)/.exec(value);
  return m ? { type: m[1], id: m[2] } : null;
}

export interface CustomerSeed {
  id?: string | number;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  tags?: string[];
  locale?: string;
}

export function addCustomer(state: SandboxState, shop: SandboxShop, seed: CustomerSeed): SandboxCustomer {
  const now = new Date(state.now()).toISOString();
  const id =
    seed.id == null
      ? gid("Customer", state.nextId())
      : String(seed.id).startsWith("gid://")
        ? String(seed.id)
        : gid("Customer", seed.id);
  const customer: SandboxCustomer = {
    id,
    email: seed.email ?? null,
    firstName: seed.firstName ?? null,
    lastName: seed.lastName ?? null,
    phone: seed.phone ?? null,
    tags: seed.tags ?? [],
    numberOfOrders: shop.customers.get(id)?.numberOfOrders ?? 0,
    amountSpentMinor: shop.customers.get(id)?.amountSpentMinor ?? 0,
    locale: seed.locale ?? shop.customers.get(id)?.locale ?? "en",
    createdAt: shop.customers.get(id)?.createdAt ?? now,
    updatedAt: now,
  };
  shop.customers.set(id, customer);
  return customer;
}

/** Adds a customer segment whose members are these customers (gids or numeric ids). */
export function addSegment(state: SandboxState, shop: SandboxShop, seed: { name: string; query?: string; customerIds: string[] }): SandboxSegment {
  const segment: SandboxSegment = {
    id: gid("Segment", state.nextId()),
    name: seed.name,
    query: seed.query ?? "customer_tags CONTAINS 'sandbox'",
    customerIds: seed.customerIds.map((id) => (id.startsWith("gid://") ? id : gid("Customer", id))),
    creationDate: new Date(state.now()).toISOString(),
  };
  shop.segments.push(segment);
  return segment;
}

/** An amount of the order (shop currency) in its presentment currency, as the buyer saw it. */
export function orderPresentmentMinor(order: Pick<SandboxOrder, "currencyCode" | "presentmentCurrencyCode" | "presentmentRate">, shopMinor: number): number {
  return convertMinorUnits(shopMinor, order.currencyCode, order.presentmentCurrencyCode, order.presentmentRate ?? "1");
}
