/**
 * Access scopes, as Shopify enforces them: each Admin field the app uses needs a scope the
 * access token was granted, `write_x` includes `read_x`, and a field the token may not read
 * resolves to null with an ACCESS_DENIED error at its path (HTTP 200, like Shopify; FACTS.md,
 * "Rate limits and errors"). The table covers the fields the app calls; other fields are open.
 */
import { GraphQLError } from "graphql";

/** What the app declares in shopify.app.toml (checked by test/toml.test.ts); the sandbox grants it by default. */
export const DEFAULT_SCOPES =
  "write_customers,read_orders,write_discounts,read_store_credit_accounts,read_store_credit_account_transactions,write_store_credit_account_transactions,write_app_proxy,read_themes";

export const ACCESS_SCOPES_DOCS = "https://shopify.dev/api/usage/access-scopes";

/** "a,b" -> the set of scopes that grants, `write_x` adding `read_x`. */
export function expandScopes(list: string): Set<string> {
  const out = new Set<string>();
  for (const raw of list.split(",")) {
    const scope = raw.trim();
    if (!scope) continue;
    out.add(scope);
    if (scope.startsWith("write_")) out.add(`read_${scope.slice("write_".length)}`);
  }
  return out;
}

/** Scope needed per `ParentType.field`. */
export const FIELD_SCOPES: Readonly<Record<string, string>> = {
  "QueryRoot.customer": "read_customers",
  "QueryRoot.customers": "read_customers",
  "QueryRoot.customerByIdentifier": "read_customers",
  "QueryRoot.customersCount": "read_customers",
  "QueryRoot.order": "read_orders",
  "QueryRoot.orders": "read_orders",
  "QueryRoot.codeDiscountNodeByCode": "read_discounts",
  "QueryRoot.codeDiscountNode": "read_discounts",
  "QueryRoot.discountNode": "read_discounts",
  "QueryRoot.storeCreditAccount": "read_store_credit_accounts",
  "QueryRoot.themes": "read_themes",
  "QueryRoot.theme": "read_themes",
  "Customer.storeCreditAccounts": "read_store_credit_accounts",
  "Customer.orders": "read_orders",
  "StoreCreditAccount.transactions": "read_store_credit_account_transactions",
  "Mutation.customerCreate": "write_customers",
  "Mutation.discountCodeBasicCreate": "write_discounts",
  "Mutation.discountCodeFreeShippingCreate": "write_discounts",
  "Mutation.discountCodeDeactivate": "write_discounts",
  "Mutation.discountCodeBasicUpdate": "write_discounts",
  "Mutation.discountCodeFreeShippingUpdate": "write_discounts",
  "Mutation.discountCodeDelete": "write_discounts",
  "Mutation.storeCreditAccountCredit": "write_store_credit_account_transactions",
  "Mutation.storeCreditAccountDebit": "write_store_credit_account_transactions",
};

/** Reading a node by id needs the read scope of its type. */
const NODE_READ_SCOPES: Readonly<Record<string, string>> = {
  Customer: "read_customers",
  Order: "read_orders",
  DiscountCodeNode: "read_discounts",
  DiscountNode: "read_discounts",
  DiscountAutomaticNode: "read_discounts",
  StoreCreditAccount: "read_store_credit_accounts",
};

/** Writing a metafield needs write access to its owner (the app's own installation and the shop need none). */
const OWNER_WRITE_SCOPES: Readonly<Record<string, string>> = {
  Customer: "write_customers",
  Order: "write_orders",
  Product: "write_products",
  ProductVariant: "write_products",
  Collection: "write_products",
  DiscountCodeNode: "write_discounts",
  DiscountNode: "write_discounts",
};

function gidType(id: unknown): string | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(String(id ?? ""));
  return m ? m[1] : null;
}

/** The scopes a field call needs, given its arguments. */
export function requiredScopes(parentType: string, field: string, args: Record<string, unknown>): string[] {
  const key = `${parentType}.${field}`;
  const fixed = FIELD_SCOPES[key];
  if (fixed) return [fixed];
  const of = (table: Readonly<Record<string, string>>, ids: unknown[]) => [
    ...new Set(ids.map((id) => table[gidType(id) ?? ""]).filter((s): s is string => Boolean(s))),
  ];
  if (key === "QueryRoot.node") return of(NODE_READ_SCOPES, [args.id]);
  if (key === "QueryRoot.nodes") return of(NODE_READ_SCOPES, Array.isArray(args.ids) ? args.ids : []);
  if (key === "Mutation.metafieldsSet" || key === "Mutation.metafieldsDelete") {
    const list = Array.isArray(args.metafields) ? (args.metafields as { ownerId?: unknown }[]) : [];
    return of(OWNER_WRITE_SCOPES, list.map((m) => m?.ownerId));
  }
  return [];
}

/** Shopify's answer for a field the token may not use. */
export function accessDenied(field: string, scope: string): GraphQLError {
  const requiredAccess = `\`${scope}\` access scope.`;
  return new GraphQLError(`Access denied for ${field} field. Required access: ${requiredAccess}`, {
    extensions: { code: "ACCESS_DENIED", documentation: ACCESS_SCOPES_DOCS, requiredAccess },
  });
}

/** Throws ACCESS_DENIED when `granted` lacks a scope the field call needs; `undefined` grants everything. */
export function checkAccess(granted: ReadonlySet<string> | undefined, parentType: string, field: string, args: Record<string, unknown>): void {
  if (!granted) return;
  for (const scope of requiredScopes(parentType, field, args)) {
    if (!granted.has(scope)) throw accessDenied(field, scope);
  }
}
