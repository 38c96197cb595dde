// Looks up one order by what staff type (its number "#1001" / "1001", its id, or its gid), for
// attributing it to an advocate by hand: the facts the pipeline qualifies on, in shop money.
import { requestOperation, type AdminGraphql } from "./admin-graphql";
import { SHOP_MONEY } from "./fragments";
import { decimalToMinorUnits } from "../lib/money";

/** The facts of an order attribution reads, by id or by name. */
export const ORDER_ATTRIBUTION_FIELDS = `#graphql
  fragment OrderAttributionFields on Order {
    id
    name
    createdAt
    cancelledAt
    displayFinancialStatus
    email
    customer {
      id
      email
    }
    subtotalPriceSet {
      ...ShopMoney
    }
    totalPriceSet {
      ...ShopMoney
    }
    totalRefundedSet {
      ...ShopMoney
    }
  }
`;

export const ORDER_FOR_ATTRIBUTION = `#graphql
  query OrderForAttribution($id: ID!) {
    order(id: $id) {
      ...OrderAttributionFields
    }
  }
  ${ORDER_ATTRIBUTION_FIELDS}
  ${SHOP_MONEY}` as const;

export const ORDER_BY_NAME_FOR_ATTRIBUTION = `#graphql
  query OrderByNameForAttribution($query: String!) {
    orders(first: 2, query: $query) {
      nodes {
        ...OrderAttributionFields
      }
    }
  }
  ${ORDER_ATTRIBUTION_FIELDS}
  ${SHOP_MONEY}` as const;

export interface OrderForAttribution {
  orderGid: string;
  name: string;
  createdAt: Date;
  cancelled: boolean;
  /** Shopify's displayFinancialStatus (PAID, PARTIALLY_REFUNDED, PENDING, ...). */
  financialStatus: string | null;
  email: string | null;
  customerGid: string | null;
  /** Shop money: after discounts, before shipping and tax (what rewards are computed on). */
  subtotal: { minor: bigint; currency: string } | null;
  total: { minor: bigint; currency: string };
  refundedMinor: bigint;
}

/** What staff typed, as an order id (gid) or an order name search; null when it is neither. */
export function parseOrderReference(input: string): { gid: string } | { name: string } | null {
  const text = input.trim();
  const gid = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(text);
  if (gid) return { gid: text };
  // Order ids are 13+ digits; order numbers are short (they start at 1001).
  if (/^\d{10,}$/.test(text)) return { gid: `gid://shopify/Order/${text}` };
  const number = /^#?(\d{1,9})$/.exec(text);
  if (number) return { name: `#${number[1]}` };
  // A shop with a prefix or suffix on its order names ("TF-1001"): searched as typed.
  if (/^#?[\w-]{1,40}$/.test(text)) return { name: text };
  return null;
}

const minor = (m: { amount: string; currencyCode: string }) => ({ minor: decimalToMinorUnits(m.amount, m.currencyCode), currency: m.currencyCode });

/** The order, or null when Shopify has none by that id or name. */
export async function findOrderForAttribution(client: AdminGraphql, ref: { gid: string } | { name: string }): Promise<OrderForAttribution | null> {
  let order;
  if ("gid" in ref) {
    order = (await requestOperation(client, ORDER_FOR_ATTRIBUTION, { id: ref.gid })).order;
  } else {
    const { orders } = await requestOperation(client, ORDER_BY_NAME_FOR_ATTRIBUTION, { query: `name:${JSON.stringify(ref.name)}` });
    // The search matches by name; keep only the exact one.
    order = orders.nodes.find((o) => o.name.toLowerCase() === ref.name.toLowerCase()) ?? null;
  }
  if (!order) return null;
  return {
    orderGid: order.id,
    name: order.name,
    createdAt: new Date(order.createdAt as string),
    cancelled: order.cancelledAt != null,
    financialStatus: order.displayFinancialStatus ?? null,
    email: order.email ?? order.customer?.email ?? null,
    customerGid: order.customer?.id ?? null,
    subtotal: order.subtotalPriceSet ? minor(order.subtotalPriceSet.shopMoney) : null,
    total: minor(order.totalPriceSet.shopMoney),
    refundedMinor: minor(order.totalRefundedSet.shopMoney).minor,
  };
}
