// An admin page's form post, the way every staff action starts: the staff member's session
// (Shopify's admin auth answers otherwise), the fields parsed with the page's schema (422 with
// the schema's first message when they do not parse), and the actor the audit log records.
import type { z, ZodTypeAny } from "zod";
import { invalidForm } from "../lib/action-error";
import { authenticate } from "../shopify.server";
import { staffActor } from "./staff-actor";

export interface StaffForm<T> {
  data: T;
  shop: string;
  /** "staff:<user>", for the audit log. */
  actor: string;
  auth: Awaited<ReturnType<typeof authenticate.admin>>;
}

/** The parsed form, or the Response to answer with (a refusal, or the auth library's own). */
export async function readStaffForm<S extends ZodTypeAny>(request: Request, schema: S): Promise<StaffForm<z.output<S>> | Response> {
  const auth = await authenticate.admin(request);
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return invalidForm(parsed.error);
  return { data: parsed.data, shop: auth.session.shop, actor: staffActor(auth), auth };
}
