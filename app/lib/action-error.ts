// The one shape a route answers a refused request with: `{ error: "…" }` (plus any fields the
// page reads, such as `fieldErrors`) and a 4xx status. Pages read `error` whatever refused them.
import type { ZodError } from "zod";
import { Refusal } from "./refusal";

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;

export function actionError(status: RefusalStatus, error: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ ...extra, error }, { status });
}

/** A form that did not parse: its first problem, in the schema's words. */
export function invalidForm(error: ZodError, extra: Record<string, unknown> = {}): Response {
  return actionError(422, error.issues[0]?.message ?? "The form is not valid.", extra);
}

/** Each input's first problem, by its name (a zod issue's path); a problem of the whole form is keyed "form". */
export function fieldErrorsFromZod(error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * A form refused field by field (422): `fieldErrors` maps each input's name to its message, and
 * `error` says it once for the page (a form-wide problem, keyed "form", when there is one).
 */
export function invalidFields(fieldErrors: Record<string, string>, error = "Check the highlighted fields", extra: Record<string, unknown> = {}): Response {
  return actionError(422, fieldErrors.form ?? error, { ...extra, fieldErrors });
}

/** Runs a request's work: a Refusal it throws is answered with its status and message. */
export async function answerRefusal<T>(work: () => Promise<T>): Promise<T | Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refusal) return actionError(error.status, error.message);
    throw error;
  }
}
