// The one client shape every Admin operation function takes. Two implementations: the
// background-job client (admin-client.server.ts) and the Remix `admin.graphql` adapter
// below, so routes and jobs call the same functions.
import type { AdminMutations, AdminQueries } from "@shopify/admin-api-client";
import {
  graphqlErrorCodes,
  kindForGraphqlCodes,
  kindForStatus,
  ShopifyApiError,
  type GraphqlErrorLike,
} from "./errors";

export interface RequestOptions {
  /**
   * Epoch ms after which the document must not be sent (nor re-sent after THROTTLED): when
   * the shop's budget frees up too late, the request throws a non-ambiguous throttled
   * ShopifyApiError without sending. Store-credit calls use it to stay inside the window in
   * which another run treats their lock as in flight.
   */
  notAfter?: number;
  /**
   * Points already reserved for this request (AdminGraphql.reserveBudget, waited for before a
   * lock was taken): its first send uses them instead of reserving and waiting again.
   */
  reservation?: BudgetReservation;
}

/** Points of the shop's budget taken, and waited for, ahead of a request (see reserveBudget). */
export interface BudgetReservation {
  readonly operation: string;
  readonly points: number;
}

export interface AdminGraphql {
  /** Sends one document; resolves with `data`, throws ShopifyApiError on any failure. */
  request<TData = unknown, TVariables extends Record<string, unknown> = Record<string, unknown>>(
    document: string,
    variables?: TVariables,
    options?: RequestOptions,
  ): Promise<TData>;
  /** Waits until the shop's budget (as far as this client knows it) has room for `operation`, reserving nothing. */
  waitForBudget?(operation: string): Promise<void>;
  /**
   * Reserves what `operation` costs on the shop's budget and waits until those points are
   * there; pass the result as `reservation` to the request, or hand it back with
   * releaseBudget when the request will not be sent. Reserving (not just waiting) gives every
   * waiter its own slot, so waiters do not wake together and compete for the same points.
   */
  reserveBudget?(operation: string): Promise<BudgetReservation>;
  releaseBudget?(reservation: BudgetReservation): Promise<void>;
}

/**
 * Document string → {return, variables}, filled in by codegen
 * (app/shopify/types/admin.generated.d.ts augments @shopify/admin-api-client).
 */
export type AdminOperations = AdminQueries & AdminMutations;
/** Only the generated documents: the library's interfaces also carry a `[key: string]: any` entry. */
export type AdminDocument = keyof {
  [K in keyof AdminOperations as string extends K ? never : K]: AdminOperations[K];
} &
  string;
export type OperationResult<D extends AdminDocument> = AdminOperations[D]["return"];
export type OperationVariables<D extends AdminDocument> = AdminOperations[D]["variables"];

type VariablesArg<D extends AdminDocument> =
  Record<string, never> extends OperationVariables<D> ? [variables?: OperationVariables<D>] : [variables: OperationVariables<D>];

/** Typed request: the document literal picks the generated result and variables types. */
export function requestOperation<D extends AdminDocument>(
  client: AdminGraphql,
  document: D,
  ...[variables]: VariablesArg<D>
): Promise<OperationResult<D>> {
  return client.request<OperationResult<D>, Record<string, unknown>>(
    document,
    variables as Record<string, unknown> | undefined,
  );
}

/** requestOperation with per-request options (a send deadline). */
export function requestOperationWith<D extends AdminDocument>(
  client: AdminGraphql,
  options: RequestOptions,
  document: D,
  ...[variables]: VariablesArg<D>
): Promise<OperationResult<D>> {
  return client.request<OperationResult<D>, Record<string, unknown>>(document, variables as Record<string, unknown> | undefined, options);
}

/** The operation name of a document, for logs and error messages. */
export function operationName(document: string): string {
  return /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(document)?.[1] ?? "anonymous";
}

/** The slice of shopify-app-remix's `admin.graphql` we use (it returns a fetch Response). */
export type RemixAdminGraphql = (
  query: string,
  options?: { variables?: Record<string, unknown> },
) => Promise<{ json(): Promise<unknown> }>;

/**
 * Wraps `admin.graphql` from `authenticate.admin(request)` / `unauthenticated.admin(shop)`.
 * The library throws its own errors (GraphqlQueryError, HttpResponseError); they are mapped
 * onto ShopifyApiError by shape so this module does not import the framework.
 */
export function fromRemixAdmin(admin: { graphql: RemixAdminGraphql }): AdminGraphql {
  return {
    async request<TData>(document: string, variables?: Record<string, unknown>): Promise<TData> {
      const name = operationName(document);
      let body: { data?: unknown; errors?: unknown };
      try {
        const response = await admin.graphql(document, variables ? { variables } : undefined);
        body = (await response.json()) as typeof body;
      } catch (error) {
        // The library throws a Response to send the merchant through auth again: pass it on.
        if (error instanceof Response) throw error;
        throw remixErrorToShopifyError(name, error, isMutation(document));
      }
      const errors = Array.isArray(body.errors) ? (body.errors as GraphqlErrorLike[]) : undefined;
      if (errors?.length) {
        const codes = graphqlErrorCodes(errors);
        throw new ShopifyApiError(`${name}: ${errors.map((e) => e.message).join("; ")}`, {
          kind: kindForGraphqlCodes(codes),
          codes,
        });
      }
      return body.data as TData;
    },
  };
}

export function isMutation(document: string): boolean {
  return /^\s*(?:#graphql\s*)?mutation\b/.test(document);
}

function remixErrorToShopifyError(name: string, error: unknown, mutation: boolean): ShopifyApiError {
  const e = error as {
    message?: string;
    body?: { errors?: { graphQLErrors?: GraphqlErrorLike[] } };
    response?: { code?: number; status?: number };
  };
  const graphQLErrors = e?.body?.errors?.graphQLErrors;
  if (Array.isArray(graphQLErrors) && graphQLErrors.length) {
    const codes = graphqlErrorCodes(graphQLErrors);
    return new ShopifyApiError(`${name}: ${graphQLErrors.map((g) => g.message).join("; ")}`, {
      kind: kindForGraphqlCodes(codes),
      codes,
      cause: error,
    });
  }
  const status = e?.response?.code ?? e?.response?.status;
  if (typeof status === "number") {
    const kind = kindForStatus(status);
    return new ShopifyApiError(`${name}: HTTP ${status}`, {
      kind,
      status,
      ambiguous: mutation && kind === "server",
      cause: error,
    });
  }
  if (/maximum number of retries/i.test(e?.message ?? "")) {
    return new ShopifyApiError(`${name}: throttled`, { kind: "throttled", status: 429, cause: error });
  }
  return new ShopifyApiError(`${name}: ${e?.message ?? String(error)}`, { kind: "network", ambiguous: mutation, cause: error });
}
