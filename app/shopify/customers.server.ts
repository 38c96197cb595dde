// Customer look-ups: by GID (webhook payloads carry admin_graphql_api_id) and by email
// (guests who share with an email, claimed friend offers).
import { requestOperation, type AdminGraphql } from "./admin-graphql";
import { ShopifyUserError } from "./errors";
import type { CustomerFieldsFragment } from "./types/admin.generated";

/** What every customer look-up reads (toCustomer maps it). */
export const CUSTOMER_FIELDS = `#graphql
  fragment CustomerFields on Customer {
    id
    displayName
    firstName
    lastName
    state
    numberOfOrders
    createdAt
    defaultEmailAddress {
      emailAddress
    }
  }
`;

export const FIND_CUSTOMER_BY_ID = `#graphql
  query FindCustomerById($id: ID!) {
    customer(id: $id) {
      ...CustomerFields
    }
  }
  ${CUSTOMER_FIELDS}` as const;

export const FIND_CUSTOMER_BY_EMAIL = `#graphql
  query FindCustomerByEmail($query: String!) {
    customers(first: 2, query: $query) {
      nodes {
        ...CustomerFields
      }
    }
  }
  ${CUSTOMER_FIELDS}` as const;

export const FIND_CUSTOMER_BY_IDENTIFIER = `#graphql
  query FindCustomerByIdentifier($identifier: CustomerIdentifierInput!) {
    customerByIdentifier(identifier: $identifier) {
      ...CustomerFields
    }
  }
  ${CUSTOMER_FIELDS}` as const;

export interface ShopifyCustomer {
  id: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  state: string;
  /** Shopify's UnsignedInt64, as a number (order counts stay far below 2^53). */
  numberOfOrders: number;
  createdAt: string;
}

function toCustomer(node: CustomerFieldsFragment): ShopifyCustomer {
  return {
    id: node.id,
    displayName: node.displayName,
    firstName: node.firstName ?? null,
    lastName: node.lastName ?? null,
    email: node.defaultEmailAddress?.emailAddress ?? null,
    state: node.state,
    numberOfOrders: Number(node.numberOfOrders),
    createdAt: node.createdAt,
  };
}

/** `id` is a customer GID, e.g. gid://shopify/Customer/123. */
export async function findCustomerById(client: AdminGraphql, id: string): Promise<ShopifyCustomer | null> {
  const { customer } = await requestOperation(client, FIND_CUSTOMER_BY_ID, { id });
  return customer ? toCustomer(customer) : null;
}

/**
 * The customer with exactly this email, by Shopify's exact look-up (`customerByIdentifier`),
 * not a search: found at once after customerCreate, where the search index may lag.
 */
export async function findCustomerByExactEmail(client: AdminGraphql, email: string): Promise<ShopifyCustomer | null> {
  const { customerByIdentifier } = await requestOperation(client, FIND_CUSTOMER_BY_IDENTIFIER, { identifier: { emailAddress: email.trim() } });
  return customerByIdentifier ? toCustomer(customerByIdentifier) : null;
}

/** Shopify search syntax: quote the value so spaces, colons and OR cannot change the query. */
export function customerEmailQuery(email: string): string {
  return `email:"${email.trim().replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The customer with exactly this email (case-insensitive), or null. */
export async function findCustomerByEmail(client: AdminGraphql, email: string): Promise<ShopifyCustomer | null> {
  const { customers } = await requestOperation(client, FIND_CUSTOMER_BY_EMAIL, { query: customerEmailQuery(email) });
  const wanted = email.trim().toLowerCase();
  // Search is fuzzy-ish (prefix/token matching): keep only an exact email match.
  const match = customers.nodes.find((node) => node.defaultEmailAddress?.emailAddress.toLowerCase() === wanted);
  return match ? toCustomer(match) : null;
}

export const CREATE_CUSTOMER = `#graphql
  mutation CreateCustomer($input: CustomerInput!) {
    customerCreate(input: $input) {
      customer {
        ...CustomerFields
      }
      userErrors {
        field
        message
      }
    }
  }
  ${CUSTOMER_FIELDS}` as const;

/**
 * Creates a customer with this email, or answers the one that already has it ("Email has
 * already been taken": created meanwhile, by the shop or by an earlier attempt of ours).
 * Other refusals throw ShopifyUserError.
 */
export async function findOrCreateCustomerByEmail(client: AdminGraphql, email: string, tags: string[] = []): Promise<ShopifyCustomer> {
  const { customerCreate } = await requestOperation(client, CREATE_CUSTOMER, { input: { email, tags } });
  if (customerCreate?.customer) return toCustomer(customerCreate.customer);
  const errors = customerCreate?.userErrors ?? [];
  if (errors.some((e) => /taken/i.test(e.message))) {
    const existing = await findCustomerByExactEmail(client, email);
    if (existing) return existing;
  }
  throw new ShopifyUserError("customerCreate", errors.map((e) => ({ code: null, field: e.field ?? null, message: e.message })));
}
