// A buyer's order history as Shopify knows it, for "new customers only": the orders of the
// order's customer, oldest first. Shopify makes every online buyer a customer when the order
// is placed, so a brand-new buyer has exactly this order and is never refused.
import { requestOperation, type AdminGraphql } from "./admin-graphql";
import { SHOP_AND_PRESENTMENT_MONEY } from "./fragments";
import { decimalToMinorUnits } from "../lib/money";
import type { ShopAndPresentmentMoneyFragment } from "./types/admin.generated";

export const CUSTOMER_ORDER_HISTORY = `#graphql
  query CustomerOrderHistory($id: ID!) {
    customer(id: $id) {
      id
      numberOfOrders
      orders(first: 10, sortKey: CREATED_AT) {
        nodes {
          id
          createdAt
          cancelledAt
        }
      }
    }
  }
`;

export interface OrderHistory {
  /** Orders the customer placed before the given one (cancelled ones included: they were orders). */
  earlierOrders: number;
}

/**
 * How many orders the customer placed before `orderGid`, or null when Shopify has no such
 * customer (deleted, or a payload from elsewhere): the caller then decides without it.
 */
export async function customerOrdersBefore(client: AdminGraphql, customerGid: string, orderGid: string, orderedAt: Date): Promise<OrderHistory | null> {
  const { customer } = await requestOperation(client, CUSTOMER_ORDER_HISTORY, { id: customerGid });
  if (!customer) return null;
  const nodes = customer.orders.nodes;
  const before = nodes.filter((o) => o.id !== orderGid && Date.parse(o.createdAt) < orderedAt.getTime()).length;
  // Only the oldest ten are listed; numberOfOrders covers a longer history (all but this order).
  const total = Number(customer.numberOfOrders);
  const listedThis = nodes.some((o) => o.id === orderGid);
  return { earlierOrders: nodes.length < 10 || listedThis ? before : Math.max(before, total - 1) };
}

export const CUSTOMER_LATEST_ORDER_CURRENCY = `#graphql
  query CustomerLatestOrderCurrency($id: ID!) {
    customer(id: $id) {
      id
      orders(first: 1, sortKey: CREATED_AT, reverse: true) {
        nodes {
          id
          presentmentCurrencyCode
          totalPriceSet {
            ...ShopAndPresentmentMoney
          }
          subtotalPriceSet {
            ...ShopAndPresentmentMoney
          }
        }
      }
    }
  }
  ${SHOP_AND_PRESENTMENT_MONEY}` as const;

export interface LatestOrderCurrency {
  orderGid: string;
  /** The order's total (or subtotal when the total is zero) in the shop's and the buyer's currency, minor units. */
  shop: { minor: bigint; currency: string };
  presentment: { minor: bigint; currency: string };
}

/**
 * The currency of the customer's latest order and that order's amounts in both currencies (the
 * rate Shopify converted it at), or null when the customer has no order or does not exist.
 */
export async function customerLatestOrderCurrency(client: AdminGraphql, customerGid: string): Promise<LatestOrderCurrency | null> {
  const { customer } = await requestOperation(client, CUSTOMER_LATEST_ORDER_CURRENCY, { id: customerGid });
  const order = customer?.orders.nodes[0];
  if (!order) return null;
  const both = (bag: ShopAndPresentmentMoneyFragment) => ({
    shop: { minor: decimalToMinorUnits(bag.shopMoney.amount, bag.shopMoney.currencyCode), currency: bag.shopMoney.currencyCode },
    presentment: { minor: decimalToMinorUnits(bag.presentmentMoney.amount, bag.presentmentMoney.currencyCode), currency: bag.presentmentMoney.currencyCode },
  });
  const total = both(order.totalPriceSet);
  return { orderGid: order.id, ...(total.shop.minor > 0n || !order.subtotalPriceSet ? total : both(order.subtotalPriceSet)) };
}
