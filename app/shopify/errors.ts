// Errors from the Admin API layer, split the way jobs need them: a ShopifyUserError is
// Shopify refusing the input (permanent); a ShopifyApiError says whether a retry can help
// and whether a mutation might already have run (ambiguous outcome).
import { PermanentJobError } from "../jobs/define-job";

export interface UserErrorDetail {
  code: string | null;
  field: string[] | null;
  message: string;
}

/** A mutation's `userErrors` were not empty. Never worth retrying unchanged. */
export class ShopifyUserError extends Error {
  readonly retryable = false;
  readonly code: string | null;
  readonly field: string[] | null;

  constructor(
    readonly operation: string,
    readonly userErrors: UserErrorDetail[],
  ) {
    const first = userErrors[0];
    super(`${operation}: ${userErrors.map((e) => `${e.message}${e.code ? ` (${e.code})` : ""}`).join("; ")}`);
    this.name = "ShopifyUserError";
    this.code = first?.code ?? null;
    this.field = first?.field ?? null;
  }

  hasCode(code: string): boolean {
    return this.userErrors.some((e) => e.code === code);
  }
}

export type ShopifyApiErrorKind =
  | "throttled" // THROTTLED error or HTTP 429: the request was refused, not executed
  | "server" // HTTP 5xx
  | "network" // no response (connection refused/reset, DNS)
  | "timeout" // no response within the deadline
  | "access-denied" // missing scope / token revoked
  | "graphql" // other top-level GraphQL errors (invalid query, not found, ...)
  | "http"; // other HTTP statuses (401, 403, 404, ...)

export class ShopifyApiError extends Error {
  readonly kind: ShopifyApiErrorKind;
  readonly retryable: boolean;
  /** True when a mutation may have been applied even though we saw a failure. */
  readonly ambiguous: boolean;
  readonly status?: number;
  readonly codes: string[];
  readonly attempts: number;

  constructor(
    message: string,
    options: {
      kind: ShopifyApiErrorKind;
      status?: number;
      codes?: string[];
      ambiguous?: boolean;
      attempts?: number;
      cause?: unknown;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ShopifyApiError";
    this.kind = options.kind;
    this.status = options.status;
    this.codes = options.codes ?? [];
    this.ambiguous = options.ambiguous ?? false;
    this.attempts = options.attempts ?? 1;
    this.retryable = RETRYABLE_KINDS.has(options.kind);
  }
}

const RETRYABLE_KINDS = new Set<ShopifyApiErrorKind>(["throttled", "server", "network", "timeout"]);

export function kindForStatus(status: number): ShopifyApiErrorKind {
  if (status === 429) return "throttled";
  if (status >= 500) return "server";
  if (status === 401 || status === 403) return "access-denied";
  return "http";
}

export function kindForGraphqlCodes(codes: string[]): ShopifyApiErrorKind {
  if (codes.includes("THROTTLED")) return "throttled";
  if (codes.includes("ACCESS_DENIED")) return "access-denied";
  if (codes.includes("INTERNAL_SERVER_ERROR")) return "server";
  return "graphql";
}

/** Whether a job should try again later. Unknown errors (bugs) are not retried. */
export function isRetryableShopifyError(error: unknown): boolean {
  return error instanceof ShopifyApiError && error.retryable;
}

export interface GraphqlErrorLike {
  message?: string;
  extensions?: { code?: unknown } & Record<string, unknown>;
}

export function graphqlErrorCodes(errors: readonly GraphqlErrorLike[] | undefined): string[] {
  return (errors ?? []).map((e) => e.extensions?.code).filter((c): c is string => typeof c === "string");
}

type UserErrorsLike = ReadonlyArray<{ code?: string | null; field?: readonly string[] | null; message: string }> | null | undefined;

/** Throws ShopifyUserError when a payload's userErrors list is not empty. */
export function throwIfUserErrors(operation: string, userErrors: UserErrorsLike): void {
  if (!userErrors || userErrors.length === 0) return;
  throw new ShopifyUserError(
    operation,
    userErrors.map((e) => ({ code: e.code ?? null, field: e.field ? [...e.field] : null, message: e.message })),
  );
}

/**
 * What a mutation made: throws ShopifyUserError when the payload's userErrors list is not
 * empty, else answers `payload[key]` (Shopify gives it whenever there are no userErrors).
 */
export function mutationResult<P extends { userErrors?: UserErrorsLike }, K extends keyof P>(
  operation: string,
  payload: P | null | undefined,
  key: K,
): NonNullable<P[K]> {
  throwIfUserErrors(operation, payload?.userErrors);
  const made = payload?.[key];
  if (made == null) throw new Error(`${operation} returned neither ${String(key)} nor userErrors`);
  return made;
}

/** For job handlers: Shopify refused the input (user errors), so trying again cannot help. */
export function permanentOnUserErrors(error: unknown): never {
  if (error instanceof ShopifyUserError) throw new PermanentJobError(error.message);
  throw error;
}
