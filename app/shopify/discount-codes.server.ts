// Single-use discount codes for friends (and for advocates on shops without new customer
// accounts): an amount or percentage off (discountCodeBasicCreate) or free shipping
// (discountCodeFreeShippingCreate). Neither mutation has an idempotency key: callers derive
// the code from the reward's key, and on TAKEN look it up with findDiscountCodeByCode.
import { operationName, requestOperation, type AdminGraphql } from "./admin-graphql";
import { mutationResult, ShopifyUserError, throwIfUserErrors } from "./errors";
import { minorUnitsToDecimal } from "../lib/money";

/** Every discount mutation's refusals. */
export const DISCOUNT_ERRORS = `#graphql
  fragment DiscountErrors on DiscountUserError {
    code
    field
    message
  }
`;

/** What a created code answers with, of either type. */
export const CREATED_CODE = `#graphql
  fragment CreatedCode on DiscountCodeNode {
    id
    codeDiscount {
      ... on DiscountCodeBasic {
        title
        status
      }
      ... on DiscountCodeFreeShipping {
        title
        status
      }
    }
  }
`;

export const CREATE_BASIC_DISCOUNT_CODE = `#graphql
  mutation CreateBasicDiscountCode($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        ...CreatedCode
      }
      userErrors {
        ...DiscountErrors
      }
    }
  }
  ${CREATED_CODE}
  ${DISCOUNT_ERRORS}` as const;

export const CREATE_FREE_SHIPPING_DISCOUNT_CODE = `#graphql
  mutation CreateFreeShippingDiscountCode($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
      codeDiscountNode {
        ...CreatedCode
      }
      userErrors {
        ...DiscountErrors
      }
    }
  }
  ${CREATED_CODE}
  ${DISCOUNT_ERRORS}` as const;

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
        ... on DiscountCodeFreeShipping {
          title
          status
          startsAt
          endsAt
          usageLimit
          asyncUsageCount
          appliesOncePerCustomer
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
  | { kind: "percentage"; /** above 0 and at most 100, up to two decimals (12.5 = 12.5 %) */ percent: number }
  | { kind: "fixedAmount"; minorUnits: number; currencyCode: string }
  | { kind: "freeShipping" };

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
  /** Uses in all (default 1, a single-use code); null for any number of buyers, each once. */
  usageLimit?: number | null;
}

export interface CreatedDiscountCode {
  id: string;
  code: string;
  title: string;
  status: string | null;
}

/**
 * A percentage as Shopify's `DiscountPercentage.percentage` Float: a fraction in (0, 1].
 * The program allows two decimals (12.25 %), so the fraction has at most four, rounded in
 * integer hundredths of a percent to keep binary floats out of it.
 */
export function percentageFraction(percent: number): number {
  const hundredths = Math.round(percent * 100);
  if (!Number.isFinite(percent) || Math.abs(percent * 100 - hundredths) > 1e-6 || hundredths <= 0 || hundredths > 10_000) {
    throw new RangeError(`Discount percentage must be above 0 and at most 100 with at most two decimals, got ${percent}`);
  }
  return hundredths / 10_000;
}

function checkCode(code: string): void {
  if (!code || /[\r\n]/.test(code) || code.length > 255) {
    throw new RangeError("Discount code must be 1–255 characters without line breaks");
  }
}

/** The fields both code mutations share: who, when, how often, with what. */
function commonCodeInput(input: BasicDiscountCodeInput) {
  checkCode(input.code);
  return {
    title: input.title,
    code: input.code,
    startsAt: (input.startsAt ?? new Date()).toISOString(),
    endsAt: input.endsAt ? input.endsAt.toISOString() : null,
    context: input.customerIds?.length ? { customers: { add: input.customerIds } } : { all: "ALL" as const },
    ...offerFields(input),
    usageLimit: input.usageLimit === undefined ? 1 : input.usageLimit,
    appliesOncePerCustomer: true,
    ...(input.tags ? { tags: input.tags } : {}),
  };
}

/** DiscountCustomerGetsValue for an amount or percentage off. */
function customerGetsValue(value: Exclude<DiscountValue, { kind: "freeShipping" }>) {
  return value.kind === "percentage"
    ? { percentage: percentageFraction(value.percent) }
    : { discountAmount: { amount: minorUnitsToDecimal(value.minorUnits, value.currencyCode), appliesOnEachItem: false } };
}

/** Builds Shopify's DiscountCodeBasicInput (an amount or percentage off); exported for tests. */
export function basicDiscountCodeInput(input: BasicDiscountCodeInput) {
  if (input.value.kind === "freeShipping") throw new RangeError("Free shipping is a DiscountCodeFreeShippingInput");
  const value = customerGetsValue(input.value);
  return { ...commonCodeInput(input), customerGets: { value, items: { all: true } } };
}

/** Builds Shopify's DiscountCodeFreeShippingInput: free shipping to every destination. */
export function freeShippingDiscountCodeInput(input: BasicDiscountCodeInput) {
  return { ...commonCodeInput(input), destination: { all: true } };
}

/**
 * Creates a single-use code: free shipping through discountCodeFreeShippingCreate, anything
 * else through discountCodeBasicCreate. Throws ShopifyUserError (code TAKEN when it exists).
 */
export async function createBasicDiscountCode(
  client: AdminGraphql,
  input: BasicDiscountCodeInput,
): Promise<CreatedDiscountCode> {
  const freeShipping = input.value.kind === "freeShipping";
  const mutation = freeShipping ? "discountCodeFreeShippingCreate" : "discountCodeBasicCreate";
  const payload = freeShipping
    ? (await requestOperation(client, CREATE_FREE_SHIPPING_DISCOUNT_CODE, { freeShippingCodeDiscount: freeShippingDiscountCodeInput(input) })).discountCodeFreeShippingCreate
    : (await requestOperation(client, CREATE_BASIC_DISCOUNT_CODE, { basicCodeDiscount: basicDiscountCodeInput(input) })).discountCodeBasicCreate;
  const node = mutationResult(mutation, payload, "codeDiscountNode");
  const made = "title" in node.codeDiscount ? node.codeDiscount : null;
  return { id: node.id, code: input.code, title: made?.title ?? input.title, status: made?.status ?? null };
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
  if (discount.__typename !== "DiscountCodeBasic" && discount.__typename !== "DiscountCodeFreeShipping") {
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

export const DEACTIVATE_DISCOUNT_CODE = `#graphql
  mutation DeactivateDiscountCode($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode {
        id
      }
      userErrors {
        ...DiscountErrors
      }
    }
  }
  ${DISCOUNT_ERRORS}` as const;

/** Ends a code now (it stays in the merchant's list, expired). Safe to repeat. */
export async function deactivateDiscountCode(client: AdminGraphql, id: string): Promise<void> {
  const { discountCodeDeactivate: payload } = await requestOperation(client, DEACTIVATE_DISCOUNT_CODE, { id });
  throwIfUserErrors("discountCodeDeactivate", payload?.userErrors);
}

export const UPDATE_BASIC_DISCOUNT_CODE = `#graphql
  mutation UpdateBasicDiscountCode($id: ID!, $basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicUpdate(id: $id, basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
      }
      userErrors {
        ...DiscountErrors
      }
    }
  }
  ${DISCOUNT_ERRORS}` as const;

export const UPDATE_FREE_SHIPPING_DISCOUNT_CODE = `#graphql
  mutation UpdateFreeShippingDiscountCode($id: ID!, $freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingUpdate(id: $id, freeShippingCodeDiscount: $freeShippingCodeDiscount) {
      codeDiscountNode {
        id
      }
      userErrors {
        ...DiscountErrors
      }
    }
  }
  ${DISCOUNT_ERRORS}` as const;

export const DELETE_DISCOUNT_CODE = `#graphql
  mutation DeleteDiscountCode($id: ID!) {
    discountCodeDelete(id: $id) {
      deletedCodeDiscountId
      userErrors {
        ...DiscountErrors
      }
    }
  }
  ${DISCOUNT_ERRORS}` as const;

/** What a code gives, and on what terms; the rest of the code (its text, who, how often, dates) stays on an update. */
export type DiscountOffer = Pick<BasicDiscountCodeInput, "value" | "minimumSubtotal" | "combinesWith">;

/** The offer's terms as both code inputs (create and update, either type) take them. */
function offerFields(offer: DiscountOffer) {
  return {
    minimumRequirement: offer.minimumSubtotal
      ? { subtotal: { greaterThanOrEqualToSubtotal: minorUnitsToDecimal(offer.minimumSubtotal.minorUnits, offer.minimumSubtotal.currencyCode) } }
      : null,
    combinesWith: {
      orderDiscounts: offer.combinesWith?.orderDiscounts ?? false,
      productDiscounts: offer.combinesWith?.productDiscounts ?? false,
      shippingDiscounts: offer.combinesWith?.shippingDiscounts ?? false,
    },
  };
}

/**
 * Gives an existing code another offer of the same type (an amount or percentage off through
 * discountCodeBasicUpdate, free shipping through discountCodeFreeShippingUpdate). Throws
 * ShopifyUserError when Shopify refuses (a code of the other type: delete and create it instead).
 */
export async function updateDiscountCodeOffer(client: AdminGraphql, id: string, offer: DiscountOffer): Promise<void> {
  if (offer.value.kind === "freeShipping") {
    const { discountCodeFreeShippingUpdate: payload } = await requestOperation(client, UPDATE_FREE_SHIPPING_DISCOUNT_CODE, {
      id,
      freeShippingCodeDiscount: { ...offerFields(offer), destination: { all: true } },
    });
    throwIfUserErrors("discountCodeFreeShippingUpdate", payload?.userErrors);
    return;
  }
  const { discountCodeBasicUpdate: payload } = await requestOperation(client, UPDATE_BASIC_DISCOUNT_CODE, {
    id,
    basicCodeDiscount: { ...offerFields(offer), customerGets: { value: customerGetsValue(offer.value), items: { all: true } } },
  });
  throwIfUserErrors("discountCodeBasicUpdate", payload?.userErrors);
}

/** Deletes a code (gone from the merchant's list; its text is free again). */
export async function deleteDiscountCode(client: AdminGraphql, id: string): Promise<void> {
  const { discountCodeDelete: payload } = await requestOperation(client, DELETE_DISCOUNT_CODE, { id });
  throwIfUserErrors("discountCodeDelete", payload?.userErrors);
}

/** The Shopify type a code with this value has. */
export function discountTypeOf(value: DiscountValue): "DiscountCodeBasic" | "DiscountCodeFreeShipping" {
  return value.kind === "freeShipping" ? "DiscountCodeFreeShipping" : "DiscountCodeBasic";
}

/** The mutation updateDiscountCodeOffer sends for this value, for waiting on the shop's budget. */
export function operationNameOfOfferUpdate(value: DiscountValue): string {
  return operationName(value.kind === "freeShipping" ? UPDATE_FREE_SHIPPING_DISCOUNT_CODE : UPDATE_BASIC_DISCOUNT_CODE);
}
