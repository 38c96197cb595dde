// Customers in bulk for staff imports: which of many customer ids exist (one `nodes` read per
// batch), the shop's customer segments, and a segment's members page by page.
import { requestOperation, type AdminGraphql } from "./admin-graphql";

export const CUSTOMERS_BY_IDS = `#graphql
  query CustomersByIds($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Customer {
        id
        firstName
        defaultEmailAddress {
          emailAddress
        }
      }
    }
  }
`;

export const LIST_SEGMENTS = `#graphql
  query ListSegments($first: Int!, $after: String) {
    segments(first: $first, after: $after, sortKey: CREATION_DATE, reverse: true) {
      nodes {
        id
        name
        query
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const SEGMENT_MEMBERS = `#graphql
  query SegmentMembers($segmentId: ID!, $first: Int!, $after: String) {
    customerSegmentMembers(segmentId: $segmentId, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          firstName
          defaultEmailAddress {
            emailAddress
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** At most this many ids per `nodes` read (Shopify's limit is 250). */
export const CUSTOMER_IDS_PER_READ = 100;

export interface FoundCustomer {
  id: string;
  firstName: string | null;
  email: string | null;
}

/** The customers among `ids` (GIDs) that exist in the shop, by id. */
export async function findCustomersByIds(client: AdminGraphql, ids: readonly string[]): Promise<Map<string, FoundCustomer>> {
  const found = new Map<string, FoundCustomer>();
  for (let i = 0; i < ids.length; i += CUSTOMER_IDS_PER_READ) {
    const { nodes } = await requestOperation(client, CUSTOMERS_BY_IDS, { ids: ids.slice(i, i + CUSTOMER_IDS_PER_READ) });
    for (const node of nodes) {
      if (node && "id" in node && typeof node.id === "string") {
        found.set(node.id, { id: node.id, firstName: node.firstName ?? null, email: node.defaultEmailAddress?.emailAddress ?? null });
      }
    }
  }
  return found;
}

export interface CustomerSegment {
  id: string;
  name: string;
  query: string;
}

/** The shop's customer segments, newest first (at most `limit`). */
export async function listCustomerSegments(client: AdminGraphql, limit = 100): Promise<CustomerSegment[]> {
  const out: CustomerSegment[] = [];
  let after: string | null = null;
  while (out.length < limit) {
    const { segments }: { segments: { nodes: CustomerSegment[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } } = await requestOperation(client, LIST_SEGMENTS, {
      first: Math.min(50, limit - out.length),
      after,
    });
    out.push(...segments.nodes.map((s) => ({ id: s.id, name: s.name, query: s.query })));
    if (!segments.pageInfo.hasNextPage || !segments.pageInfo.endCursor) break;
    after = segments.pageInfo.endCursor;
  }
  return out;
}

export interface SegmentMembersPage {
  totalCount: number;
  /** Members as customers: a member's id names the customer (CustomerSegmentMember/N is Customer/N). */
  members: FoundCustomer[];
  nextCursor: string | null;
}

/** One page of a segment's members. */
export async function segmentMembersPage(client: AdminGraphql, segmentId: string, after: string | null, first = 100): Promise<SegmentMembersPage> {
  const { customerSegmentMembers: page } = await requestOperation(client, SEGMENT_MEMBERS, { segmentId, first, after });
  return {
    totalCount: page.totalCount,
    members: page.edges.map(({ node }) => ({ id: memberCustomerGid(node.id), firstName: node.firstName ?? null, email: node.defaultEmailAddress?.emailAddress ?? null })),
    nextCursor: page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? page.edges.at(-1)?.cursor ?? null) : null,
  };
}

/** gid://shopify/CustomerSegmentMember/123 → gid://shopify/Customer/123 */
export function memberCustomerGid(memberId: string): string {
  return memberId.replace(/^gid:\/\/shopify\/CustomerSegmentMember\//, "gid://shopify/Customer/");
}
