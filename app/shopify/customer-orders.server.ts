// A buyer's order history as Shopify knows it, for "new customers only": the orders of the
// order's customer, oldest first. Shopify makes every online buyer a customer when the order
// is placed, so a brand-new buyer has exactly this order and is never refused.
import { requestOperation, type AdminGraphql } from "./admin-graphql";

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
