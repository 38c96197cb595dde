// Single-use discount codes for friends (and for advocates on shops without new customer
// accounts). discountCodeBasicCreate has no idempotency key: callers derive the code from
// the reward's key, and on TAKEN look it up with findDiscountCodeByCode.
import { requestOperation, type AdminGraphql } from "./admin-graphql";
import { ShopifyUserError, throwIfUserErrors } from "./errors";
import { minorUnitsToDecimal } from "./money";

export const CREATE_BASIC_DISCOUNT_CODE = `#graphql
  mutation CreateBasicDiscountCode($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            title
            status
            endsAt
            usageLimit
          }
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const FIND_DISCOUNT_CODE_BY_CODE = `#graphql
  query FindDiscountCodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
      codeDiscount {
        __typename
        ... on DiscountCodeBasic {
          title
          status
          startsAt
          endsAt
          usageLimit
          asyncUsageCount
          appliesOncePerCustomer
          codes(first: 1) {
            nodes {
              code
            }
          }
          context {
            __typename
            ... on DiscountCustomers {
              customers {
                id
              }
            }
          }
        }
      }
    }
  }
`;

export type DiscountValue =
  | { kind: "percentage"; /** 1–100, whole percent */ percent: number }
  | { kind: "fixedAmount"; minorUnits: number; currencyCode: string };

export interface BasicDiscountCodeInput {
  title: string;
  code: string;
  /** Limit the code to these customers (GIDs); omit for any buyer. */
  customerIds?: string[];
  value: DiscountValue;
  /** Minimum order subtotal, in the shop's currency. */
  minimumSubtotal?: { minorUnits: number; currencyCode: string };
  startsAt?: Date;
  endsAt?: Date | null;
  combinesWith?: { orderDiscounts?: boolean; productDiscounts?: boolean; shippingDiscounts?: boolean };
  tags?: string[];
}

export interface CreatedDiscountCode {
  id: string;
  code: string;
  title: string;
  status: string | null;
}

function percentageValue(percent: number): number {
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    throw new RangeError(`Discount percentage must be a whole number from 1 to 100, got ${percent}`);
  }
  // Shopify takes a fraction (0.1 = 10 %). Whole percents divide exactly enough: 15/100 = 0.15.
  return percent / 100;
}

/** Builds Shopify's DiscountCodeBasicInput; exported for tests and the sandbox. */
export function basicDiscountCodeInput(input: BasicDiscountCodeInput) {
  if (!input.code || /[\r\n]/.test(input.code) || input.code.length > 255) {
    throw new RangeError("Discount code must be 1–255 characters without line breaks");
  }
  const value =
    input.value.kind === "percentage"
      ? { percentage: percentageValue(input.value.percent) }
      : {
          discountAmount: {
            amount: minorUnitsToDecimal(input.value.minorUnits, input.value.currencyCode),
            appliesOnEachItem: false,
          },
        };
  return {
    title: input.title,
    code: input.code,
    startsAt: (input.startsAt ?? new Date()).toISOString(),
    endsAt: input.endsAt ? input.endsAt.toISOString() : null,
    context: input.customerIds?.length ? { customers: { add: input.customerIds } } : { all: "ALL" as const },
    customerGets: { value, items: { all: true } },
    minimumRequirement: input.minimumSubtotal
      ? {
          subtotal: {
            greaterThanOrEqualToSubtotal: minorUnitsToDecimal(
              input.minimumSubtotal.minorUnits,
              input.minimumSubtotal.currencyCode,
            ),
          },
        }
      : null,
    usageLimit: 1,
    appliesOncePerCustomer: true,
    combinesWith: {
      orderDiscounts: input.combinesWith?.orderDiscounts ?? false,
      productDiscounts: input.combinesWith?.productDiscounts ?? false,
      shippingDiscounts: input.combinesWith?.shippingDiscounts ?? false,
    },
    ...(input.tags ? { tags: input.tags } : {}),
  };
}

/** Creates a single-use code. Throws ShopifyUserError (code TAKEN when the code exists). */
export async function createBasicDiscountCode(
  client: AdminGraphql,
  input: BasicDiscountCodeInput,
): Promise<CreatedDiscountCode> {
  const { discountCodeBasicCreate: payload } = await requestOperation(client, CREATE_BASIC_DISCOUNT_CODE, {
    basicCodeDiscount: basicDiscountCodeInput(input),
  });
  throwIfUserErrors("discountCodeBasicCreate", payload?.userErrors);
  const node = payload?.codeDiscountNode;
  if (!node) throw new Error("discountCodeBasicCreate returned neither a discount nor userErrors");
  const basic = "title" in node.codeDiscount ? node.codeDiscount : null;
  return { id: node.id, code: input.code, title: basic?.title ?? input.title, status: basic?.status ?? null };
}

/** A duplicate code: look it up instead of creating another. */
export function isDiscountCodeTaken(error: unknown): boolean {
  return error instanceof ShopifyUserError && error.hasCode("TAKEN");
}

export interface ExistingDiscountCode {
  id: string;
  type: string;
  title: string | null;
  status: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  usageCount: number | null;
  customerIds: string[] | null;
}

export async function findDiscountCodeByCode(client: AdminGraphql, code: string): Promise<ExistingDiscountCode | null> {
  const { codeDiscountNodeByCode: node } = await requestOperation(client, FIND_DISCOUNT_CODE_BY_CODE, { code });
  if (!node) return null;
  const discount = node.codeDiscount;
  if (discount.__typename !== "DiscountCodeBasic") {
    return { id: node.id, type: discount.__typename, title: null, status: null, endsAt: null, usageLimit: null, usageCount: null, customerIds: null };
  }
  return {
    id: node.id,
    type: discount.__typename,
    title: discount.title,
    status: discount.status,
    endsAt: discount.endsAt ?? null,
    usageLimit: discount.usageLimit ?? null,
    usageCount: discount.asyncUsageCount,
    customerIds: discount.context.__typename === "DiscountCustomers" ? discount.context.customers.map((c) => c.id) : null,
  };
}
