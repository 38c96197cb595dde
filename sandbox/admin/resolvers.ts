/**
 * Root value and model objects for the Admin schema. Model objects carry `__typename` and
 * either plain values or functions `(args) => value` per field; anything not modelled falls
 * back to a schema-valid empty value (see defaults.ts).
 */
import { flowTriggerReceive } from "./flow";
import { themeModel, themesField } from "./theme";
import { GraphQLError } from "graphql";
import { formatMinorUnits, isCurrencyCode, MoneyParseError, toMinorUnits } from "./money";
import { consumeStoreCredit, expireShopStoreCredit } from "./store-credit-ledger";
import {
  addCustomer,
  gid,
  orderPresentmentMinor,
  parseGid,
  type SandboxCustomer,
  type SandboxDiscountCode,
  type SandboxOrder,
  type SandboxSegment,
  type SandboxShop,
  type SandboxState,
  type SandboxStoreCreditAccount,
  type SandboxStoreCreditTransaction,
} from "./state";
import { numericCustomerId, storefrontStateOf } from "../storefront/state";

export interface ExecContext {
  state: SandboxState;
  shop: SandboxShop;
  /** Scopes the request's access token holds (expanded, see access.ts); undefined grants all. */
  scopes?: ReadonlySet<string>;
}

export type Args = Record<string, unknown>;
export type Model = Record<string, unknown>;

// ---------------------------------------------------------------- connections

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

function encodeCursor(i: number): string {
  return Buffer.from(`sandbox:${i}`).toString("base64");
}
function decodeCursor(c: string | null | undefined): number | null {
  if (!c) return null;
  const m = /^sandbox:(\d+)$/.exec(Buffer.from(c, "base64").toString("utf8"));
  return m ? Number(m[1]) : null;
}

export function connection<T>(items: T[], args: ConnectionArgs, toNode: (item: T) => unknown): Model {
  let indexed = items.map((item, i) => ({ item, i }));
  if (args.reverse) indexed = indexed.reverse();
  const after = decodeCursor(args.after);
  const before = decodeCursor(args.before);
  if (after != null) {
    const pos = indexed.findIndex((x) => x.i === after);
    indexed = pos >= 0 ? indexed.slice(pos + 1) : indexed;
  }
  if (before != null) {
    const pos = indexed.findIndex((x) => x.i === before);
    indexed = pos >= 0 ? indexed.slice(0, pos) : indexed;
  }
  const total = indexed.length;
  let hasNextPage = false;
  let hasPreviousPage = after != null;
  if (typeof args.first === "number") {
    hasNextPage = total > args.first;
    indexed = indexed.slice(0, Math.max(0, args.first));
  }
  if (typeof args.last === "number") {
    hasPreviousPage = total > args.last || hasPreviousPage;
    indexed = indexed.slice(Math.max(0, indexed.length - args.last));
  }
  const edges = indexed.map((x) => ({ cursor: encodeCursor(x.i), node: toNode(x.item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export function checkConnectionArgs(args: ConnectionArgs): void {
  const n = args.first ?? args.last;
  if (n != null && (n < 0 || n > 250)) {
    throw new GraphQLError(`The ${args.first != null ? "first" : "last"} argument must be between 0 and 250`, {
      extensions: { code: "argumentLiteralsIncompatible" },
    });
  }
}

// ---------------------------------------------------------------- models

function money(minor: number, currencyCode: string): Model {
  return { __typename: "MoneyV2", amount: formatMinorUnits(minor, currencyCode), currencyCode };
}

function legacyId(id: string): string {
  return parseGid(id)?.id ?? "0";
}

/** Simple Shopify search syntax: `field:value` terms (quoted values allowed) and free text. */
export function parseSearch(query: string | null | undefined): { terms: Record<string, string>; text: string[] } {
  const terms: Record<string, string> = {};
  const text: string[] = [];
  if (!query) return { terms, text };
  const re = /(\w+):(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|(\S+)/g;
  for (const m of query.matchAll(re)) {
    if (m[1]) terms[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? "";
    else {
      const t = m[5] ?? m[6];
      if (t && !/^(AND|OR)$/.test(t)) text.push(t);
    }
  }
  return { terms, text };
}

export function customerModel(ctx: ExecContext, c: SandboxCustomer): Model {
  const displayName = [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || c.phone || "";
  return {
    __typename: "Customer",
    id: c.id,
    legacyResourceId: legacyId(c.id),
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    displayName,
    phone: c.phone,
    tags: c.tags,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    state: "ENABLED",
    verifiedEmail: c.email != null,
    validEmailAddress: c.email != null,
    numberOfOrders: String(c.numberOfOrders),
    locale: c.locale,
    amountSpent: money(c.amountSpentMinor, ctx.shop.currencyCode),
    defaultEmailAddress: c.email
      ? { emailAddress: c.email, validFormat: true, marketingState: "NOT_SUBSCRIBED", openTrackingLevel: "UNKNOWN" }
      : null,
    defaultPhoneNumber: c.phone ? { phoneNumber: c.phone, marketingState: "NOT_SUBSCRIBED" } : null,
    orders: (args: Args) => {
      checkConnectionArgs(args as ConnectionArgs);
      // Placed through the sandbox checkout; sortKey CREATED_AT (and the default) is oldest first.
      const list = [...ctx.shop.orders.values()].filter((o) => o.customerId === c.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      return connection(list, args as ConnectionArgs, (o) => orderModel(ctx, o));
    },
    storeCreditAccounts: (args: Args) => {
      checkConnectionArgs(args as ConnectionArgs);
      const { terms } = parseSearch(args.query as string | undefined);
      const accounts = [...ctx.shop.storeCreditAccounts.values()].filter(
        (a) =>
          a.customerId === c.id &&
          (!terms.currency_code || a.currencyCode === terms.currency_code.toUpperCase()),
      );
      return connection(accounts, args as ConnectionArgs, (a) => accountModel(ctx, a));
    },
  };
}

function transactionModel(
  ctx: ExecContext,
  account: SandboxStoreCreditAccount,
  t: SandboxStoreCreditTransaction,
): Model {
  const base: Model = {
    id: t.id,
    account: () => accountModel(ctx, account),
    amount: money(t.amountMinor, account.currencyCode),
    balanceAfterTransaction: money(t.balanceAfterMinor, account.currencyCode),
    createdAt: t.createdAt,
    event: t.event ?? "ADJUSTMENT",
    origin: null,
  };
  if (t.kind === "CREDIT") {
    return {
      ...base,
      __typename: "StoreCreditAccountCreditTransaction",
      expiresAt: t.expiresAt,
      remainingAmount: money(t.remainingMinor ?? t.amountMinor, account.currencyCode),
    };
  }
  if (t.kind === "EXPIRATION") return { ...base, __typename: "StoreCreditAccountExpirationTransaction" };
  return { ...base, __typename: "StoreCreditAccountDebitTransaction" };
}

/** An order placed at the sandbox checkout, with the fields the app reads. */
export function orderModel(ctx: ExecContext, o: SandboxOrder): Model {
  const refunded = o.refunds.reduce((sum, r) => sum + r.amountMinor, 0);
  const set = (minor: number) => ({ shopMoney: money(minor, o.currencyCode), presentmentMoney: money(orderPresentmentMinor(o, minor), o.presentmentCurrencyCode) });
  return {
    __typename: "Order",
    id: o.id,
    legacyResourceId: legacyId(o.id),
    name: o.name,
    email: o.email,
    createdAt: o.createdAt,
    processedAt: o.processedAt,
    updatedAt: orderUpdatedAt(o),
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelledAt ? (o.cancelReason ?? "CUSTOMER").toUpperCase() : null,
    closed: false,
    test: false,
    currencyCode: o.currencyCode,
    presentmentCurrencyCode: o.presentmentCurrencyCode,
    displayFinancialStatus: o.financialStatus.toUpperCase(),
    discountCodes: o.discounts.map((d) => d.code),
    discountCode: o.discounts[0]?.code ?? null,
    subtotalPriceSet: set(o.subtotalMinor - o.discounts.filter((d) => d.type !== "shipping").reduce((s, d) => s + d.amountMinor, 0)),
    totalPriceSet: set(o.totalMinor),
    currentTotalPriceSet: set(o.totalMinor - refunded),
    totalRefundedSet: set(refunded),
    totalDiscountsSet: set(o.totalDiscountsMinor),
    note: o.note,
    clientIp: o.browserIp,
    sourceName: "web",
    customAttributes: o.noteAttributes.map((a) => ({ __typename: "Attribute", key: a.name, value: a.value })),
    // The first visit's landing page (a webhook's landing_site is its path and query).
    customerJourneySummary: o.landingSite
      ? {
          __typename: "CustomerJourneySummary",
          ready: true,
          firstVisit: { __typename: "CustomerVisit", id: `gid://shopify/CustomerVisit/${legacyId(o.id)}`, landingPage: landingPageUrl(ctx.shop.domain, o.landingSite), occurredAt: o.createdAt, source: "direct", referrerUrl: o.referringSite },
        }
      : null,
    refunds: (args: Args) => {
      const list = typeof args.first === "number" ? o.refunds.slice(0, args.first) : o.refunds;
      return list.map((r) => ({
        __typename: "Refund",
        id: r.id,
        legacyResourceId: legacyId(r.id),
        createdAt: r.createdAt,
        updatedAt: r.createdAt,
        processedAt: r.createdAt,
        note: r.note,
        totalRefundedSet: set(r.amountMinor),
      }));
    },
    customer: () => {
      const c = o.customerId ? ctx.shop.customers.get(o.customerId) : undefined;
      return c ? customerModel(ctx, c) : null;
    },
  };
}

/** When the order last changed: placed, refunded or cancelled. */
export function orderUpdatedAt(o: SandboxOrder): string {
  return o.updatedAt ?? [o.createdAt, o.cancelledAt ?? "", ...o.refunds.map((r) => r.createdAt)].sort().at(-1)!;
}

function landingPageUrl(domain: string, landingSite: string): string {
  return /^https?:\/\//.test(landingSite) ? landingSite : `https://${domain}${landingSite.startsWith("/") ? "" : "/"}${landingSite}`;
}

const ORDER_SORT_KEYS: Record<string, (o: SandboxOrder) => string> = {
  UPDATED_AT: orderUpdatedAt,
  CREATED_AT: (o) => o.createdAt,
  PROCESSED_AT: (o) => o.processedAt,
  ID: (o) => legacyId(o.id).padStart(24, "0"),
};

/**
 * `orders(query:)` search terms the sandbox understands: `updated_at` and `created_at` with
 * `>`, `>=`, `<`, `<=` or an exact time (quoted or not), `status:cancelled|open|any`,
 * `financial_status:`, `email:`. Several terms are ANDed, as Shopify does by default. An
 * unparsable time is an error, as on Shopify (which answers with a search error).
 */
export function orderSearchFilter(query: string | null | undefined): (o: SandboxOrder) => boolean {
  const checks: ((o: SandboxOrder) => boolean)[] = [];
  const re = /(\w+):(>=|<=|>|<)?(?:'([^']*)'|"([^"]*)"|(\S+))/g;
  for (const m of (query ?? "").matchAll(re)) {
    const field = m[1].toLowerCase();
    const op = m[2] ?? "=";
    const value = m[3] ?? m[4] ?? m[5] ?? "";
    if (field === "updated_at" || field === "created_at") {
      const at = Date.parse(value);
      if (Number.isNaN(at)) throw new GraphQLError(`Invalid search field value for ${field}: ${value}`, { extensions: { code: "invalidSearchQuery" } });
      const read = field === "updated_at" ? (o: SandboxOrder) => Date.parse(orderUpdatedAt(o)) : (o: SandboxOrder) => Date.parse(o.createdAt);
      checks.push((o) => {
        const t = read(o);
        return op === ">" ? t > at : op === ">=" ? t >= at : op === "<" ? t < at : op === "<=" ? t <= at : t === at;
      });
    } else if (field === "status") {
      if (value === "cancelled") checks.push((o) => o.cancelledAt != null);
      else if (value === "open" || value === "not_closed") checks.push((o) => o.cancelledAt == null);
    } else if (field === "financial_status") {
      checks.push((o) => o.financialStatus === value.toLowerCase());
    } else if (field === "email") {
      checks.push((o) => o.email.toLowerCase() === value.toLowerCase());
    } else if (field === "name") {
      // The order number, with or without the "#", case-insensitive.
      const bare = (name: string) => name.replace(/^#/, "").toLowerCase();
      checks.push((o) => bare(o.name) === bare(value));
    } else if (field === "id") {
      checks.push((o) => legacyId(o.id) === value);
    }
  }
  // Free text (not field:value) matches the order's name or email, as Shopify's order search does.
  for (const t of parseSearch(query).text) checks.push((o) => [o.name, o.email].join(" ").toLowerCase().includes(t.toLowerCase()));
  return (o) => checks.every((check) => check(o));
}

/**
 * Shopify's order connection: sorted by `sortKey` (PROCESSED_AT by default) then id, with
 * cursors that carry the sort value and id, so a page boundary holds while orders change.
 */
function ordersConnection(ctx: ExecContext, args: Args): Model {
  checkConnectionArgs(args as ConnectionArgs);
  const sortKey = String(args.sortKey ?? "PROCESSED_AT");
  const keyOf = ORDER_SORT_KEYS[sortKey] ?? ORDER_SORT_KEYS.PROCESSED_AT;
  const filter = orderSearchFilter(args.query as string | undefined);
  const keyed = [...ctx.shop.orders.values()].filter(filter).map((o) => ({ o, key: `${keyOf(o)}|${legacyId(o.id).padStart(24, "0")}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (args.reverse) keyed.reverse();
  const cursorKey = (cursor: unknown): string | null => {
    if (typeof cursor !== "string" || !cursor) return null;
    try {
      const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { k?: string };
      if (typeof parsed.k !== "string") throw new Error("no key");
      return parsed.k;
    } catch {
      throw new GraphQLError("Invalid cursor", { extensions: { code: "argumentLiteralsIncompatible" } });
    }
  };
  const beyond = (key: string, mark: string) => (args.reverse ? key < mark : key > mark);
  const after = cursorKey(args.after);
  const before = cursorKey(args.before);
  let list = keyed;
  if (after != null) list = list.filter((x) => beyond(x.key, after));
  if (before != null) list = list.filter((x) => beyond(before, x.key));
  const total = list.length;
  let hasNextPage = false;
  let hasPreviousPage = after != null;
  if (typeof args.first === "number") {
    hasNextPage = total > args.first;
    list = list.slice(0, Math.max(0, args.first));
  }
  if (typeof args.last === "number") {
    hasPreviousPage = total > args.last || hasPreviousPage;
    list = list.slice(Math.max(0, list.length - args.last));
  }
  const edges = list.map((x) => ({ cursor: Buffer.from(JSON.stringify({ k: x.key }), "utf8").toString("base64url"), node: orderModel(ctx, x.o) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export function accountModel(ctx: ExecContext, a: SandboxStoreCreditAccount): Model {
  return {
    __typename: "StoreCreditAccount",
    id: a.id,
    balance: money(a.balanceMinor, a.currencyCode),
    owner: () => {
      const c = ctx.shop.customers.get(a.customerId);
      return c ? customerModel(ctx, c) : { __typename: "Customer", id: a.customerId };
    },
    transactions: (args: Args) => {
      checkConnectionArgs(args as ConnectionArgs);
      return connection(a.transactions, args as ConnectionArgs, (t) => transactionModel(ctx, a, t));
    },
  };
}

function discountStatus(ctx: ExecContext, d: SandboxDiscountCode): string {
  const now = ctx.state.now();
  if (d.deactivatedAt) return "EXPIRED";
  if (Date.parse(d.startsAt) > now) return "SCHEDULED";
  if (d.endsAt && Date.parse(d.endsAt) <= now) return "EXPIRED";
  if (d.usageLimit != null && d.asyncUsageCount >= d.usageLimit) return "EXPIRED";
  return "ACTIVE";
}

function customerGetsModel(ctx: ExecContext, input: Record<string, unknown> | undefined): Model {
  const value = (input?.value ?? {}) as Record<string, unknown>;
  let valueModel: Model;
  if (typeof value.percentage === "number") {
    valueModel = { __typename: "DiscountPercentage", percentage: value.percentage };
  } else if (value.discountAmount && typeof value.discountAmount === "object") {
    const da = value.discountAmount as Record<string, unknown>;
    const cur = ctx.shop.currencyCode;
    let minor = 0;
    try {
      minor = toMinorUnits(String(da.amount ?? "0"), cur);
    } catch {
      minor = 0;
    }
    valueModel = { __typename: "DiscountAmount", amount: money(minor, cur), appliesOnEachItem: Boolean(da.appliesOnEachItem) };
  } else {
    valueModel = { __typename: "DiscountPercentage", percentage: 0 };
  }
  return {
    value: valueModel,
    items: { __typename: "AllDiscountItems", allItems: true },
    appliesOnOneTimePurchase: input?.appliesOnOneTimePurchase ?? true,
    appliesOnSubscription: input?.appliesOnSubscription ?? false,
  };
}

export function discountModel(ctx: ExecContext, d: SandboxDiscountCode): Model {
  const customers = () =>
    d.customerIds.map((id) => {
      const c = ctx.shop.customers.get(id);
      return c ? customerModel(ctx, c) : { __typename: "Customer", id };
    });
  const combines = (d.input.combinesWith ?? {}) as Record<string, unknown>;
  const freeShipping = d.kind === "freeShipping";
  const codeDiscount: Model = {
    __typename: freeShipping ? "DiscountCodeFreeShipping" : "DiscountCodeBasic",
    title: d.title,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    usageLimit: d.usageLimit,
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    asyncUsageCount: d.asyncUsageCount,
    recurringCycleLimit: (d.input.recurringCycleLimit as number | undefined) ?? null,
    tags: (d.input.tags as string[] | undefined) ?? [],
    status: () => discountStatus(ctx, d),
    summary: d.title,
    shortSummary: d.title,
    discountClass: freeShipping ? "SHIPPING" : "ORDER",
    discountClasses: [freeShipping ? "SHIPPING" : "ORDER"],
    destinationSelection: { __typename: "DiscountCountryAll", allCountries: true },
    maximumShippingPrice: null,
    hasTimelineComment: false,
    shareableUrls: [],
    combinesWith: {
      orderDiscounts: Boolean(combines.orderDiscounts),
      productDiscounts: Boolean(combines.productDiscounts),
      shippingDiscounts: Boolean(combines.shippingDiscounts),
      productDiscountsWithTagsOnSameCartLine: null,
    },
    codes: (args: Args) => {
      checkConnectionArgs(args as ConnectionArgs);
      return connection([d], args as ConnectionArgs, (x) => ({
        __typename: "DiscountRedeemCode",
        id: x.codeId,
        code: x.code,
        asyncUsageCount: x.asyncUsageCount,
        createdBy: null,
      }));
    },
    codesCount: { count: 1, precision: "EXACT" },
    context: () =>
      d.customerIds.length
        ? { __typename: "DiscountCustomers", customers: customers() }
        : { __typename: "DiscountBuyerSelectionAll", all: "ALL" },
    customerSelection: () =>
      d.customerIds.length
        ? { __typename: "DiscountCustomers", customers: customers() }
        : { __typename: "DiscountCustomerAll", allCustomers: true },
    customerGets: () => customerGetsModel(ctx, d.input.customerGets as Record<string, unknown> | undefined),
    minimumRequirement: null,
    totalSales: money(0, ctx.shop.currencyCode),
  };
  return { __typename: "DiscountCodeNode", id: d.id, codeDiscount };
}

export function shopModel(ctx: ExecContext): Model {
  const s = ctx.shop;
  const shopNumericId = Math.abs(hash(s.domain)) % 1_000_000_000;
  // The online store's URL is its primary domain's.
  const url = `https://${s.primaryDomain ?? s.domain}`;
  return {
    __typename: "Shop",
    id: gid("Shop", shopNumericId),
    name: s.name,
    email: s.email,
    contactEmail: s.email,
    shopOwnerName: "Sandbox Owner",
    myshopifyDomain: s.domain,
    url,
    currencyCode: s.currencyCode,
    enabledPresentmentCurrencies: [s.currencyCode, ...s.enabledPresentmentCurrencies.filter((c) => c !== s.currencyCode)],
    ianaTimezone: "UTC",
    timezoneAbbreviation: "UTC",
    timezoneOffset: "+0000",
    timezoneOffsetMinutes: 0,
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
    customerAccounts: s.loginRequiredAtCheckout ? "REQUIRED" : "OPTIONAL",
    customerAccountsV2: {
      __typename: "CustomerAccountsV2",
      customerAccountsVersion: s.customerAccountsVersion,
      loginLinksVisibleOnStorefrontAndCheckout: true,
      loginRequiredAtCheckout: s.loginRequiredAtCheckout,
      url: s.customerAccountsVersion === "NEW_CUSTOMER_ACCOUNTS" ? `https://shopify.com/${shopNumericId}/account` : null,
    },
    primaryDomain: { __typename: "Domain", id: gid("Domain", shopNumericId), host: s.primaryDomain ?? s.domain, url, sslEnabled: true },
    plan: { displayName: "Basic", publicDisplayName: "Basic", partnerDevelopment: true, shopifyPlus: false },
  };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

// ---------------------------------------------------------------- mutations

interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

const DISCOUNT_FIELD = "basicCodeDiscount";

function discountCodeBasicCreate(ctx: ExecContext, args: Args): Model {
  return createCodeDiscount(ctx, (args.basicCodeDiscount ?? {}) as Record<string, unknown>, "basic", DISCOUNT_FIELD);
}

function discountCodeFreeShippingCreate(ctx: ExecContext, args: Args): Model {
  return createCodeDiscount(ctx, (args.freeShippingCodeDiscount ?? {}) as Record<string, unknown>, "freeShipping", "freeShippingCodeDiscount");
}

/** Both code mutations: the same checks on code, context and dates; what the buyer gets differs. */
function createCodeDiscount(ctx: ExecContext, input: Record<string, unknown>, kind: "basic" | "freeShipping", inputField: string): Model {
  const errors: UserError[] = [];
  const err = (field: string[], code: string, message: string) =>
    errors.push({ field: [inputField, ...field], code, message });
  const title = typeof input.title === "string" ? input.title.trim() : "";
  const code = typeof input.code === "string" ? input.code.trim() : "";
  if (!title) err(["title"], "BLANK", "Title can't be blank");
  if (!code) err(["code"], "BLANK", "Code can't be blank");
  else if (code.length > 255) err(["code"], "TOO_LONG", "Code is too long (maximum is 255 characters)");
  else if (/[\r\n]/.test(code)) err(["code"], "INVALID", "Code cannot contain newline characters.");
  const context = input.context as Record<string, unknown> | undefined;
  const selection = input.customerSelection as Record<string, unknown> | undefined;
  if (context && selection) {
    err(["context"], "CONFLICT", "Only one of context or customerSelection can be provided.");
  } else if (!context && !selection) {
    err(["context"], "BLANK", "Context can't be blank");
  }
  const customersInput = ((context?.customers ?? selection?.customers) ?? null) as Record<string, unknown> | null;
  const customerIds = Array.isArray(customersInput?.add) ? (customersInput.add as string[]) : [];
  const ctxField = context ? "context" : "customerSelection";
  if (selection && !selection.all && !selection.customers && !selection.customerSegments) {
    err(["customerSelection"], "BLANK", "Customer selection can't be blank");
  }
  if (customersInput && customerIds.length === 0) {
    err([ctxField, "customers", "add"], "BLANK", "Customers can't be blank");
  }
  customerIds.forEach((id, i) => {
    if (!ctx.shop.customers.has(id)) err([ctxField, "customers", "add", String(i)], "INVALID", `Customer with id ${id} does not exist`);
  });
  const gets = input.customerGets as Record<string, unknown> | undefined;
  const value = gets?.value as Record<string, unknown> | undefined;
  if (kind === "freeShipping") {
    const destination = input.destination as Record<string, unknown> | undefined;
    if (!destination || (!destination.all && !destination.countries)) err(["destination"], "BLANK", "Destination can't be blank");
  } else if (!gets) err(["customerGets"], "BLANK", "Customer gets can't be blank");
  else if (!value) err(["customerGets", "value"], "BLANK", "Value can't be blank");
  else {
    if (typeof value.percentage === "number" && (value.percentage <= 0 || value.percentage > 1)) {
      err(["customerGets", "value", "percentage"], "VALUE_OUTSIDE_RANGE", "Value must be between 0.0 and 1.0");
    }
    if (value.discountAmount && typeof value.discountAmount === "object") {
      const amt = (value.discountAmount as Record<string, unknown>).amount;
      let minor = 0;
      try {
        minor = toMinorUnits(String(amt), ctx.shop.currencyCode);
      } catch {
        minor = -1;
      }
      if (minor <= 0) err(["customerGets", "value", "discountAmount", "amount"], "GREATER_THAN", "Value must be greater than 0");
    }
    if (value.percentage == null && !value.discountAmount && !value.discountOnQuantity) {
      err(["customerGets", "value"], "BLANK", "Value can't be blank");
    }
    if (!gets.items) err(["customerGets", "items"], "BLANK", "Items can't be blank");
  }
  const nowIso = new Date(ctx.state.now()).toISOString();
  const startsAt = typeof input.startsAt === "string" ? input.startsAt : nowIso;
  const endsAt = typeof input.endsAt === "string" ? input.endsAt : null;
  if (Number.isNaN(Date.parse(startsAt))) err(["startsAt"], "INVALID", "Starts at is invalid");
  if (endsAt != null && Number.isNaN(Date.parse(endsAt))) err(["endsAt"], "INVALID", "Ends at is invalid");
  else if (endsAt != null && Date.parse(endsAt) <= Date.parse(startsAt)) {
    err(["endsAt"], "END_DATE_BEFORE_START_DATE", "Ends at needs to be after starts_at");
  }
  const usageLimit = typeof input.usageLimit === "number" ? input.usageLimit : null;
  if (usageLimit != null && usageLimit <= 0) err(["usageLimit"], "GREATER_THAN", "Usage limit must be greater than 0");
  if (errors.length === 0) {
    const lower = code.toLowerCase();
    for (const d of ctx.shop.discounts.values()) {
      if (d.code.toLowerCase() === lower) {
        err(["code"], "TAKEN", "Code must be unique. Please try a different code.");
        break;
      }
    }
  }
  if (errors.length) return { codeDiscountNode: null, userErrors: errors };
  const n = ctx.state.nextId();
  const discount: SandboxDiscountCode = {
    id: gid("DiscountCodeNode", n),
    codeId: gid("DiscountRedeemCode", n),
    title,
    code,
    createdAt: nowIso,
    updatedAt: nowIso,
    startsAt,
    endsAt,
    usageLimit,
    appliesOncePerCustomer: Boolean(input.appliesOncePerCustomer),
    customerIds,
    input: JSON.parse(JSON.stringify(input)) as Record<string, unknown>,
    asyncUsageCount: 0,
    kind,
  };
  ctx.shop.discounts.set(discount.id, discount);
  return { codeDiscountNode: discountModel(ctx, discount), userErrors: [] };
}

/**
 * discountCodeBasicUpdate / discountCodeFreeShippingUpdate: the given fields replace the code's
 * (what the buyer gets, the minimum, combinations, limits); the id must be a code of that type.
 */
function updateCodeDiscount(ctx: ExecContext, id: string, input: Record<string, unknown>, kind: "basic" | "freeShipping", inputField: string): Model {
  const d = ctx.shop.discounts.get(id);
  if (!d || (d.kind ?? "basic") !== kind) return { codeDiscountNode: null, userErrors: [{ field: ["id"], code: "INVALID", message: "Discount does not exist" }] };
  const errors: UserError[] = [];
  const err = (field: string[], code: string, message: string) => errors.push({ field: [inputField, ...field], code, message });
  const value = (input.customerGets as Record<string, unknown> | undefined)?.value as Record<string, unknown> | undefined;
  if (typeof value?.percentage === "number" && (value.percentage <= 0 || value.percentage > 1)) err(["customerGets", "value", "percentage"], "VALUE_OUTSIDE_RANGE", "Value must be between 0.0 and 1.0");
  if (value?.discountAmount && typeof value.discountAmount === "object") {
    let minor = -1;
    try {
      minor = toMinorUnits(String((value.discountAmount as Record<string, unknown>).amount), ctx.shop.currencyCode);
    } catch {
      minor = -1;
    }
    if (minor <= 0) err(["customerGets", "value", "discountAmount", "amount"], "GREATER_THAN", "Value must be greater than 0");
  }
  if (typeof input.code === "string" && input.code.trim().toLowerCase() !== d.code.toLowerCase()) {
    const taken = findDiscountByCode(ctx.shop, input.code);
    if (taken && taken.id !== d.id) err(["code"], "TAKEN", "Code must be unique. Please try a different code.");
  }
  if (typeof input.usageLimit === "number" && input.usageLimit <= 0) err(["usageLimit"], "GREATER_THAN", "Usage limit must be greater than 0");
  if (errors.length) return { codeDiscountNode: null, userErrors: errors };
  d.input = { ...d.input, ...(JSON.parse(JSON.stringify(input)) as Record<string, unknown>) };
  if (typeof input.title === "string" && input.title.trim()) d.title = input.title.trim();
  if (typeof input.code === "string" && input.code.trim()) d.code = input.code.trim();
  if ("usageLimit" in input) d.usageLimit = typeof input.usageLimit === "number" ? input.usageLimit : null;
  if (typeof input.appliesOncePerCustomer === "boolean") d.appliesOncePerCustomer = input.appliesOncePerCustomer;
  if ("endsAt" in input) d.endsAt = typeof input.endsAt === "string" ? input.endsAt : null;
  d.updatedAt = new Date(ctx.state.now()).toISOString();
  return { codeDiscountNode: discountModel(ctx, d), userErrors: [] };
}

export function findDiscountByCode(shop: SandboxShop, code: string): SandboxDiscountCode | undefined {
  const lower = code.trim().toLowerCase();
  for (const d of shop.discounts.values()) if (d.code.toLowerCase() === lower) return d;
  return undefined;
}

function parseMoneyInput(
  ctx: ExecContext,
  raw: unknown,
): { minor: number; currency: string } | { error: "invalid" } {
  const m = (raw ?? {}) as Record<string, unknown>;
  const currency = String(m.currencyCode ?? "").toUpperCase();
  try {
    return { minor: toMinorUnits(m.amount as string | number, currency || ctx.shop.currencyCode), currency };
  } catch (e) {
    if (e instanceof MoneyParseError) return { error: "invalid" };
    throw e;
  }
}

function supportedCurrency(shop: SandboxShop, currency: string): boolean {
  return isCurrencyCode(currency) && (currency === shop.currencyCode || shop.enabledPresentmentCurrencies.includes(currency));
}

/** Per-account credit limit in minor units. */
function creditLimitMinor(shop: SandboxShop, currency: string): number {
  const limit = shop.storeCreditLimit[currency] ?? shop.storeCreditLimit["*"];
  if (limit == null) return Number.MAX_SAFE_INTEGER;
  return toMinorUnits(limit, currency);
}

function resolveAccountTarget(
  ctx: ExecContext,
  id: string,
  currency: string,
  create: boolean,
): { account?: SandboxStoreCreditAccount; error?: { code: string; message: string } } {
  const parsed = parseGid(id);
  if (parsed?.type === "Customer") {
    const customer = ctx.shop.customers.get(id);
    if (!customer) return { error: { code: "OWNER_NOT_FOUND", message: "Owner does not exist." } };
    for (const a of ctx.shop.storeCreditAccounts.values()) {
      if (a.customerId === id && a.currencyCode === currency) return { account: a };
    }
    if (!create) return { error: { code: "ACCOUNT_NOT_FOUND", message: "Store credit account does not exist." } };
    const account: SandboxStoreCreditAccount = {
      id: gid("StoreCreditAccount", ctx.state.nextId()),
      customerId: id,
      currencyCode: currency,
      balanceMinor: 0,
      transactions: [],
    };
    return { account };
  }
  const account = parsed?.type === "StoreCreditAccount" ? ctx.shop.storeCreditAccounts.get(id) : undefined;
  if (!account) return { error: { code: "ACCOUNT_NOT_FOUND", message: "Store credit account does not exist." } };
  if (account.currencyCode !== currency) {
    return {
      error: {
        code: "MISMATCHING_CURRENCY",
        message: "The currency provided does not match the currency of the store credit account.",
      },
    };
  }
  return { account };
}

function storeCreditAccountCredit(ctx: ExecContext, args: Args): Model {
  const input = (args.creditInput ?? {}) as Record<string, unknown>;
  const id = String(args.id ?? "");
  const fail = (field: string[], code: string, message: string) => ({
    storeCreditAccountTransaction: null,
    userErrors: [{ field, code, message }],
  });
  const money = parseMoneyInput(ctx, input.creditAmount);
  if ("error" in money) {
    throw new GraphQLError(`Invalid amount for creditInput.creditAmount.amount`, { extensions: { code: "INVALID_VARIABLE" } });
  }
  const amountField = ["creditInput", "creditAmount", "amount"];
  if (money.minor <= 0) return fail(amountField, "NEGATIVE_OR_ZERO_AMOUNT", "A positive amount must be used to credit a store credit account.");
  if (!supportedCurrency(ctx.shop, money.currency)) {
    return fail(["creditInput", "creditAmount", "currencyCode"], "UNSUPPORTED_CURRENCY", "The currency provided is not currently supported.");
  }
  const expiresAt = typeof input.expiresAt === "string" ? input.expiresAt : null;
  if (expiresAt != null && !(Date.parse(expiresAt) > ctx.state.now())) {
    return fail(["creditInput", "expiresAt"], "EXPIRES_AT_IN_PAST", "The expiry date must be in the future.");
  }
  const target = resolveAccountTarget(ctx, id, money.currency, true);
  if (target.error) {
    const field = target.error.code === "MISMATCHING_CURRENCY" ? ["creditInput", "creditAmount", "currencyCode"] : ["id"];
    return fail(field, target.error.code, target.error.message);
  }
  const account = target.account!;
  if (account.balanceMinor + money.minor > creditLimitMinor(ctx.shop, money.currency)) {
    return fail(amountField, "CREDIT_LIMIT_EXCEEDED", "The operation would cause the account's credit limit to be exceeded.");
  }
  ctx.shop.storeCreditAccounts.set(account.id, account);
  account.balanceMinor += money.minor;
  const tx: SandboxStoreCreditTransaction = {
    id: gid("StoreCreditAccountCreditTransaction", ctx.state.nextId()),
    kind: "CREDIT",
    event: "ADJUSTMENT",
    remainingMinor: money.minor,
    amountMinor: money.minor,
    balanceAfterMinor: account.balanceMinor,
    createdAt: new Date(ctx.state.now()).toISOString(),
    expiresAt,
    notify: Boolean(input.notify),
  };
  account.transactions.push(tx);
  return { storeCreditAccountTransaction: transactionModel(ctx, account, tx), userErrors: [] };
}

function storeCreditAccountDebit(ctx: ExecContext, args: Args): Model {
  const input = (args.debitInput ?? {}) as Record<string, unknown>;
  const id = String(args.id ?? "");
  const fail = (field: string[], code: string, message: string) => ({
    storeCreditAccountTransaction: null,
    userErrors: [{ field, code, message }],
  });
  const money = parseMoneyInput(ctx, input.debitAmount);
  if ("error" in money) {
    throw new GraphQLError(`Invalid amount for debitInput.debitAmount.amount`, { extensions: { code: "INVALID_VARIABLE" } });
  }
  const amountField = ["debitInput", "debitAmount", "amount"];
  if (money.minor <= 0) return fail(amountField, "NEGATIVE_OR_ZERO_AMOUNT", "A positive amount must be used to debit a store credit account.");
  const target = resolveAccountTarget(ctx, id, money.currency, false);
  if (target.error) {
    const field = target.error.code === "MISMATCHING_CURRENCY" ? ["debitInput", "debitAmount", "currencyCode"] : ["id"];
    return fail(field, target.error.code, target.error.message);
  }
  const account = target.account!;
  if (account.balanceMinor < money.minor) {
    return fail(amountField, "INSUFFICIENT_FUNDS", "The store credit account does not have sufficient funds to satisfy the request.");
  }
  account.balanceMinor -= money.minor;
  consumeStoreCredit(account, money.minor);
  const tx: SandboxStoreCreditTransaction = {
    id: gid("StoreCreditAccountDebitTransaction", ctx.state.nextId()),
    kind: "DEBIT",
    event: "ADJUSTMENT",
    amountMinor: -money.minor,
    balanceAfterMinor: account.balanceMinor,
    createdAt: new Date(ctx.state.now()).toISOString(),
    expiresAt: null,
    notify: false,
  };
  account.transactions.push(tx);
  return { storeCreditAccountTransaction: transactionModel(ctx, account, tx), userErrors: [] };
}

// ---------------------------------------------------------------- metafields
// Two owners are modelled: the app installation (app-data metafields, which the sandbox
// storefront renders as app.metafields.<namespace>) and customers (the app's $app:twofold.code,
// rendered as the customer's advocate code). Values live in the storefront state.

/** The app's installation on a shop: one stable id per shop. */
export function appInstallationId(shop: SandboxShop): string {
  let h = 0;
  for (const ch of shop.domain) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return gid("AppInstallation", (h % 900_000_000) + 100_000_000);
}

const METAFIELD_TYPES = new Set(["single_line_text_field", "multi_line_text_field", "json", "boolean", "number_integer", "url"]);

function metafieldStore(ctx: ExecContext, ownerId: string): { get(ns: string, key: string): string | undefined; set(ns: string, key: string, value: string | null): void } | null {
  const sf = storefrontStateOf(ctx.state);
  const shop = ctx.shop.domain;
  if (ownerId === appInstallationId(ctx.shop)) {
    return {
      get: (ns, key) => (ns === "twofold" ? sf.appMetafields.get(shop)?.[key] : undefined),
      set: (ns, key, value) => {
        if (ns !== "twofold") return;
        const current = { ...(sf.appMetafields.get(shop) ?? {}) };
        if (value === null) delete current[key];
        else current[key] = value;
        sf.appMetafields.set(shop, current);
      },
    };
  }
  if (parseGid(ownerId)?.type === "Customer" && ctx.shop.customers.has(ownerId)) {
    const id = numericCustomerId(ownerId);
    return {
      get: (ns, key) => (ns === "$app:twofold" && key === "code" ? sf.customerCodes.get(shop)?.get(id) : undefined),
      set: (ns, key, value) => {
        if (ns !== "$app:twofold" || key !== "code") return;
        const codes = sf.customerCodes.get(shop) ?? new Map<string, string>();
        if (value === null) codes.delete(id);
        else codes.set(id, value);
        sf.customerCodes.set(shop, codes);
      },
    };
  }
  return null;
}

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

function metafieldsSet(ctx: ExecContext, args: Args): Model {
  const inputs = (args.metafields ?? []) as Array<Record<string, unknown>>;
  const errors: Array<UserError & { elementIndex: number | null }> = [];
  const fail = (i: number, field: string, code: string, message: string) => errors.push({ field: ["metafields", String(i), field], code, message, elementIndex: i });
  if (inputs.length > 25) fail(25, "ownerId", "LESS_THAN_OR_EQUAL_TO", "Exceeded the maximum metafields input limit of 25.");
  inputs.forEach((m, i) => {
    const value = typeof m.value === "string" ? m.value : "";
    if (!metafieldStore(ctx, String(m.ownerId ?? ""))) fail(i, "ownerId", "INVALID", "Owner does not exist.");
    if (!String(m.key ?? "").trim()) fail(i, "key", "BLANK", "Key can't be blank");
    if (!value.trim()) fail(i, "value", "BLANK", "Value can't be blank.");
    if (m.type != null && !METAFIELD_TYPES.has(String(m.type))) fail(i, "type", "INCLUSION", "Type is not included in the list.");
    if (m.type === "json" && value.trim() && !isJson(value)) fail(i, "value", "INVALID_VALUE", "Value is invalid JSON.");
  });
  // All or nothing, as Shopify does.
  if (errors.length > 0) return { metafields: [], userErrors: errors };
  const now = new Date(ctx.state.now()).toISOString();
  const metafields = inputs.map((m) => {
    const ns = String(m.namespace ?? "");
    const key = String(m.key);
    metafieldStore(ctx, String(m.ownerId))!.set(ns, key, String(m.value));
    return { __typename: "Metafield", id: gid("Metafield", ctx.state.nextId()), namespace: ns, key, value: String(m.value), type: String(m.type ?? "single_line_text_field"), createdAt: now, updatedAt: now };
  });
  return { metafields, userErrors: [] };
}

function metafieldsDelete(ctx: ExecContext, args: Args): Model {
  const inputs = (args.metafields ?? []) as Array<Record<string, unknown>>;
  const deletedMetafields = inputs.map((m) => {
    const store = metafieldStore(ctx, String(m.ownerId ?? ""));
    const ns = String(m.namespace ?? "");
    const key = String(m.key ?? "");
    if (!store || store.get(ns, key) === undefined) return null;
    store.set(ns, key, null);
    return { __typename: "MetafieldIdentifier", ownerId: String(m.ownerId), namespace: ns, key };
  });
  return { deletedMetafields, userErrors: [] };
}

// ---------------------------------------------------------------- roots

// ---------------------------------------------------------------- customer segments

function segmentModel(s: SandboxSegment): Model {
  return { __typename: "Segment", id: s.id, name: s.name, query: s.query, creationDate: s.creationDate, lastEditDate: s.creationDate };
}

/** `segments(first:, after:, query: "name:…", sortKey: CREATION_DATE | ID | LAST_EDIT_DATE, reverse:)`. */
function segmentsField(ctx: ExecContext, args: Args): Model {
  checkConnectionArgs(args as ConnectionArgs);
  const q = typeof args.query === "string" ? args.query.trim().replace(/^name:/, "").replace(/^"|"$/g, "").toLowerCase() : "";
  const list = ctx.shop.segments.filter((s) => !q || s.name.toLowerCase().includes(q));
  return connection(list, args as ConnectionArgs, segmentModel);
}

/**
 * `customerSegmentMembers(segmentId:, first:, after:)`: the segment's customers as
 * CustomerSegmentMember (its id carries the customer's number), with `totalCount`. An unknown
 * segment is an error, as Shopify answers; `query:` / `queryId:` are not modelled.
 */
function customerSegmentMembersField(ctx: ExecContext, args: Args): Model {
  checkConnectionArgs(args as ConnectionArgs);
  if (args.segmentId == null) throw new GraphQLError("Either a segmentId, a query or a queryId is required", { extensions: { code: "BAD_REQUEST" } });
  const segment = ctx.shop.segments.find((s) => s.id === String(args.segmentId));
  if (!segment) throw new GraphQLError("Segment does not exist", { extensions: { code: "NOT_FOUND" } });
  const members = segment.customerIds.map((id) => ctx.shop.customers.get(id)).filter((c): c is SandboxCustomer => c != null);
  const page = connection(members, args as ConnectionArgs, (c) => {
    const model = customerModel(ctx, c);
    return { ...model, __typename: "CustomerSegmentMember", id: `gid://shopify/CustomerSegmentMember/${legacyId(c.id)}` };
  });
  return { ...page, totalCount: members.length, statistics: {} };
}

function nodeById(ctx: ExecContext, id: string): Model | null {
  const parsed = parseGid(id);
  if (!parsed) return null;
  switch (parsed.type) {
    case "Customer": {
      const c = ctx.shop.customers.get(id);
      return c ? customerModel(ctx, c) : null;
    }
    case "DiscountCodeNode": {
      const d = ctx.shop.discounts.get(id);
      return d ? discountModel(ctx, d) : null;
    }
    case "Order": {
      const o = ctx.shop.orders.get(id);
      return o ? orderModel(ctx, o) : null;
    }
    case "StoreCreditAccount": {
      const a = ctx.shop.storeCreditAccounts.get(id);
      return a ? accountModel(ctx, a) : null;
    }
    case "StoreCreditAccountCreditTransaction":
    case "StoreCreditAccountDebitTransaction":
    case "StoreCreditAccountExpirationTransaction": {
      for (const a of ctx.shop.storeCreditAccounts.values()) {
        const t = a.transactions.find((x) => x.id === id);
        if (t) return transactionModel(ctx, a, t);
      }
      return null;
    }
    default:
      return null;
  }
}

function matchesCustomer(c: SandboxCustomer, query: string | undefined): boolean {
  const { terms, text } = parseSearch(query);
  if (terms.email != null && (c.email ?? "").toLowerCase() !== terms.email.toLowerCase()) return false;
  if (terms.id != null && legacyId(c.id) !== terms.id && c.id !== terms.id) return false;
  if (terms.phone != null && c.phone !== terms.phone) return false;
  if (terms.first_name != null && (c.firstName ?? "").toLowerCase() !== terms.first_name.toLowerCase()) return false;
  if (terms.last_name != null && (c.lastName ?? "").toLowerCase() !== terms.last_name.toLowerCase()) return false;
  if (terms.tag != null && !c.tags.includes(terms.tag)) return false;
  for (const t of text) {
    const hay = [c.email, c.firstName, c.lastName, c.phone].filter(Boolean).join(" ").toLowerCase();
    if (!hay.includes(t.toLowerCase())) return false;
  }
  return true;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * customerCreate as Shopify answers it for the fields the app sends: an email (or phone, or a
 * name) is required, the email must look like one and be unused in the shop ("Email has
 * already been taken"), and nothing is created on an error.
 */
function customerCreate(ctx: ExecContext, args: Args): Model {
  const input = (args.input ?? {}) as { email?: string | null; firstName?: string | null; lastName?: string | null; phone?: string | null; locale?: string | null; tags?: string[] | null };
  const email = input.email?.trim() || null;
  const fail = (field: string, message: string, code: string) => ({ customer: null, userErrors: [{ field: ["input", field], message, code }] });
  if (!email && !input.phone && !input.firstName && !input.lastName) return fail("email", "A name, phone number, or email address must be present", "BLANK");
  if (email && !EMAIL_SHAPE.test(email)) return fail("email", "Email is invalid", "INVALID");
  if (email && [...ctx.shop.customers.values()].some((c) => c.email?.toLowerCase() === email.toLowerCase())) return fail("email", "Email has already been taken", "TAKEN");
  const customer = addCustomer(ctx.state, ctx.shop, { email, firstName: input.firstName ?? null, lastName: input.lastName ?? null, phone: input.phone ?? null, locale: input.locale ?? undefined, tags: input.tags ?? [] });
  return { customer: customerModel(ctx, customer), userErrors: [] };
}

export function createRootValue(ctx: ExecContext): { query: Model; mutation: Model } {
  // Credit past its end date leaves every balance before anything reads or moves it.
  expireShopStoreCredit(ctx.state, ctx.shop);
  const query: Model = {
    shop: () => shopModel(ctx),
    customer: (args: Args) => {
      const c = ctx.shop.customers.get(String(args.id));
      return c ? customerModel(ctx, c) : null;
    },
    customers: (args: Args) => {
      checkConnectionArgs(args as ConnectionArgs);
      const list = [...ctx.shop.customers.values()].filter((c) => matchesCustomer(c, args.query as string | undefined));
      return connection(list, args as ConnectionArgs, (c) => customerModel(ctx, c));
    },
    // An exact look-up, not a search (unlike `customers(query:)`): one identifier (@oneOf,
    // enforced by the schema), the email compared without case; null when no customer has it.
    customerByIdentifier: (args: Args) => {
      const identifier = (args.identifier ?? {}) as { emailAddress?: string; id?: string; phoneNumber?: string };
      const list = [...ctx.shop.customers.values()];
      const c =
        identifier.id != null
          ? ctx.shop.customers.get(String(identifier.id))
          : identifier.emailAddress != null
            ? list.find((x) => x.email != null && x.email.toLowerCase() === identifier.emailAddress!.trim().toLowerCase())
            : identifier.phoneNumber != null
              ? list.find((x) => x.phone != null && x.phone === identifier.phoneNumber)
              : undefined;
      return c ? customerModel(ctx, c) : null;
    },
    customersCount: () => ({ count: ctx.shop.customers.size, precision: "EXACT" }),
    order: (args: Args) => {
      const o = ctx.shop.orders.get(String(args.id));
      return o ? orderModel(ctx, o) : null;
    },
    orders: (args: Args) => ordersConnection(ctx, args),
    codeDiscountNodeByCode: (args: Args) => {
      const d = findDiscountByCode(ctx.shop, String(args.code ?? ""));
      return d ? discountModel(ctx, d) : null;
    },
    codeDiscountNode: (args: Args) => {
      const d = ctx.shop.discounts.get(String(args.id));
      return d ? discountModel(ctx, d) : null;
    },
    discountNode: (args: Args) => {
      const d = ctx.shop.discounts.get(String(args.id));
      if (!d) return null;
      const m = discountModel(ctx, d);
      return { __typename: "DiscountNode", id: d.id, discount: m.codeDiscount };
    },
    storeCreditAccount: (args: Args) => {
      const a = ctx.shop.storeCreditAccounts.get(String(args.id));
      return a ? accountModel(ctx, a) : null;
    },
    currentAppInstallation: () => ({ __typename: "AppInstallation", id: appInstallationId(ctx.shop) }),
    themes: (args: Args) => themesField(ctx, args),
    theme: (args: Args) => (String(args.id) === ctx.shop.theme.id ? themeModel(ctx, ctx.shop.theme) : null),
    node: (args: Args) => nodeById(ctx, String(args.id)),
    nodes: (args: Args) => {
      const ids = (args.ids as string[]) ?? [];
      if (ids.length > 250) throw new GraphQLError("The ids argument accepts at most 250 ids", { extensions: { code: "argumentLiteralsIncompatible" } });
      return ids.map((id) => nodeById(ctx, id));
    },
    segments: (args: Args) => segmentsField(ctx, args),
    segment: (args: Args) => {
      const s = ctx.shop.segments.find((x) => x.id === String(args.id));
      return s ? segmentModel(s) : null;
    },
    customerSegmentMembers: (args: Args) => customerSegmentMembersField(ctx, args),
  };
  const mutation: Model = {
    discountCodeBasicCreate: (args: Args) => discountCodeBasicCreate(ctx, args),
    discountCodeFreeShippingCreate: (args: Args) => discountCodeFreeShippingCreate(ctx, args),
    discountCodeBasicUpdate: (args: Args) => updateCodeDiscount(ctx, String(args.id ?? ""), (args.basicCodeDiscount ?? {}) as Record<string, unknown>, "basic", DISCOUNT_FIELD),
    discountCodeFreeShippingUpdate: (args: Args) => updateCodeDiscount(ctx, String(args.id ?? ""), (args.freeShippingCodeDiscount ?? {}) as Record<string, unknown>, "freeShipping", "freeShippingCodeDiscount"),
    discountCodeDelete: (args: Args) => {
      const id = String(args.id ?? "");
      if (!ctx.shop.discounts.delete(id)) return { deletedCodeDiscountId: null, userErrors: [{ field: ["id"], code: "INVALID", message: "Discount does not exist" }] };
      return { deletedCodeDiscountId: id, userErrors: [] };
    },
    discountCodeDeactivate: (args: Args) => {
      const d = ctx.shop.discounts.get(String(args.id ?? ""));
      if (!d) return { codeDiscountNode: null, userErrors: [{ field: ["id"], code: "INVALID", message: "Discount does not exist" }] };
      // Shopify ends the code now (its end date becomes now); repeating it changes nothing.
      d.deactivatedAt ??= new Date(ctx.state.now()).toISOString();
      d.endsAt = d.endsAt && Date.parse(d.endsAt) < Date.parse(d.deactivatedAt) ? d.endsAt : d.deactivatedAt;
      d.updatedAt = d.deactivatedAt;
      return { codeDiscountNode: discountModel(ctx, d), userErrors: [] };
    },
    customerCreate: (args: Args) => customerCreate(ctx, args),
    storeCreditAccountCredit: (args: Args) => storeCreditAccountCredit(ctx, args),
    storeCreditAccountDebit: (args: Args) => storeCreditAccountDebit(ctx, args),
    metafieldsSet: (args: Args) => metafieldsSet(ctx, args),
    metafieldsDelete: (args: Args) => metafieldsDelete(ctx, args),
    flowTriggerReceive: (args: Args) => flowTriggerReceive(ctx, args),
  };
  return { query, mutation };
}

