// Orders Shopify changed since a time, oldest change first: what reconciliation reads to find
// orders, refunds and cancellations whose webhooks never arrived. One page per call (cursor
// pagination); the client paces each page on the shop's shared Admin budget.
import { requestOperation, type AdminGraphql } from "./admin-graphql";
import { SHOP_AND_PRESENTMENT_MONEY, SHOP_MONEY } from "./fragments";
import type { OrderAddressFieldsFragment } from "./types/admin.generated";

/**
 * Changed orders are listed 100 a page with only what tells whether the inbox lacks something
 * (a few points each); the full order (about 19 points: customer, money bags, refunds, first
 * visit, addresses) is read only for those, 25 at a time.
 */
export const ORDERS_PAGE_SIZE = 100;
export const ORDER_DETAILS_BATCH = 25;

export const ORDERS_UPDATED_SINCE = `#graphql
  query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        updatedAt
        displayFinancialStatus
        cancelledAt
        refunds(first: 50) {
          legacyResourceId
        }
      }
    }
  }
`;

/** The parts of an order's address the app keeps (OrderAddress). */
export const ORDER_ADDRESS_FIELDS = `#graphql
  fragment OrderAddressFields on MailingAddress {
    address1
    address2
    city
    zip
    countryCodeV2
  }
`;

export const ORDER_DETAILS = `#graphql
  query OrderDetails($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Order {
        id
        legacyResourceId
        name
        email
        createdAt
        updatedAt
        cancelledAt
        displayFinancialStatus
        test
        note
        clientIp
        currencyCode
        presentmentCurrencyCode
        discountCodes
        customAttributes {
          key
          value
        }
        customerJourneySummary {
          firstVisit {
            landingPage
          }
        }
        customer {
          id
          legacyResourceId
          defaultEmailAddress {
            emailAddress
          }
        }
        shippingAddress {
          ...OrderAddressFields
        }
        billingAddress {
          ...OrderAddressFields
        }
        subtotalPriceSet {
          ...ShopAndPresentmentMoney
        }
        totalPriceSet {
          ...ShopAndPresentmentMoney
        }
        totalDiscountsSet {
          ...ShopMoney
        }
        refunds(first: 50) {
          id
          legacyResourceId
          createdAt
          totalRefundedSet {
            ...ShopMoney
          }
        }
      }
    }
  }
  ${ORDER_ADDRESS_FIELDS}
  ${SHOP_AND_PRESENTMENT_MONEY}
  ${SHOP_MONEY}` as const;

export interface MoneyAmount {
  amount: string;
  currencyCode: string;
}

export interface OrderAddress {
  address1: string | null;
  address2: string | null;
  city: string | null;
  zip: string | null;
  countryCode: string | null;
}

export interface UpdatedOrder {
  id: string;
  legacyResourceId: string;
  /** "#1049", as the merchant knows the order. */
  name: string;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  test: boolean;
  note: string | null;
  clientIp: string | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  discountCodes: string[];
  customAttributes: { key: string; value: string | null }[];
  landingPage: string | null;
  customer: { id: string; legacyResourceId: string; email: string | null } | null;
  shippingAddress: OrderAddress | null;
  billingAddress: OrderAddress | null;
  subtotal: { shopMoney: MoneyAmount; presentmentMoney: MoneyAmount } | null;
  total: { shopMoney: MoneyAmount; presentmentMoney: MoneyAmount };
  totalDiscounts: MoneyAmount | null;
  refunds: { id: string; legacyResourceId: string; createdAt: string | null; refunded: MoneyAmount }[];
}

/** What the listing tells about a changed order. */
export interface ChangedOrder {
  id: string;
  updatedAt: string;
  displayFinancialStatus: string | null;
  cancelledAt: string | null;
  refundIds: string[];
}

export interface UpdatedOrdersPage {
  orders: ChangedOrder[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Shopify's search syntax for "changed from `from` to `to`", both ends included (callers overlap anyway). */
export function updatedBetweenQuery(window: { from: Date; to: Date }): string {
  return `updated_at:>='${window.from.toISOString()}' updated_at:<='${window.to.toISOString()}'`;
}

/** One page of the orders changed in the window, by update time then id. */
export async function ordersUpdatedSince(client: AdminGraphql, window: { from: Date; to: Date }, after: string | null, first: number = ORDERS_PAGE_SIZE): Promise<UpdatedOrdersPage> {
  const { orders } = await requestOperation(client, ORDERS_UPDATED_SINCE, { first, after, query: updatedBetweenQuery(window) });
  return {
    hasNextPage: orders.pageInfo.hasNextPage,
    endCursor: orders.pageInfo.endCursor ?? null,
    orders: orders.nodes.map((o) => ({
      id: o.id,
      updatedAt: String(o.updatedAt),
      displayFinancialStatus: o.displayFinancialStatus ?? null,
      cancelledAt: o.cancelledAt ? String(o.cancelledAt) : null,
      refundIds: o.refunds.map((r) => String(r.legacyResourceId)),
    })),
  };
}

/** The full orders (what a webhook would carry), ORDER_DETAILS_BATCH at a time; an id Shopify no longer has is left out. */
export async function orderDetails(client: AdminGraphql, ids: string[]): Promise<UpdatedOrder[]> {
  const out: UpdatedOrder[] = [];
  for (let i = 0; i < ids.length; i += ORDER_DETAILS_BATCH) {
    const { nodes } = await requestOperation(client, ORDER_DETAILS, { ids: ids.slice(i, i + ORDER_DETAILS_BATCH) });
    for (const o of nodes) {
      if (!o || !("legacyResourceId" in o) || !("totalPriceSet" in o)) continue;
      out.push({
        id: o.id,
        legacyResourceId: String(o.legacyResourceId),
        name: o.name,
        email: o.email ?? null,
        createdAt: String(o.createdAt),
        updatedAt: String(o.updatedAt),
        cancelledAt: o.cancelledAt ? String(o.cancelledAt) : null,
        displayFinancialStatus: o.displayFinancialStatus ?? null,
        test: o.test,
        note: o.note ?? null,
        clientIp: o.clientIp ?? null,
        currencyCode: o.currencyCode,
        presentmentCurrencyCode: o.presentmentCurrencyCode,
        discountCodes: o.discountCodes,
        customAttributes: o.customAttributes.map((a) => ({ key: a.key, value: a.value ?? null })),
        landingPage: o.customerJourneySummary?.firstVisit?.landingPage ? String(o.customerJourneySummary.firstVisit.landingPage) : null,
        customer: o.customer ? { id: o.customer.id, legacyResourceId: String(o.customer.legacyResourceId), email: o.customer.defaultEmailAddress?.emailAddress ?? null } : null,
        shippingAddress: address(o.shippingAddress),
        billingAddress: address(o.billingAddress),
        subtotal: o.subtotalPriceSet ? { shopMoney: money(o.subtotalPriceSet.shopMoney), presentmentMoney: money(o.subtotalPriceSet.presentmentMoney) } : null,
        total: { shopMoney: money(o.totalPriceSet.shopMoney), presentmentMoney: money(o.totalPriceSet.presentmentMoney) },
        totalDiscounts: o.totalDiscountsSet ? money(o.totalDiscountsSet.shopMoney) : null,
        refunds: o.refunds.map((r) => ({ id: r.id, legacyResourceId: String(r.legacyResourceId), createdAt: r.createdAt ? String(r.createdAt) : null, refunded: money(r.totalRefundedSet.shopMoney) })),
      });
    }
  }
  return out;
}

function money(m: { amount: unknown; currencyCode: string }): MoneyAmount {
  return { amount: String(m.amount), currencyCode: m.currencyCode };
}

function address(a: OrderAddressFieldsFragment | null | undefined): OrderAddress | null {
  if (!a) return null;
  return { address1: a.address1 ?? null, address2: a.address2 ?? null, city: a.city ?? null, zip: a.zip ?? null, countryCode: a.countryCodeV2 ?? null };
}
