/**
 * Shopify Flow, as far as the app meets it. Triggers: `flowTriggerReceive(handle:, payload:)`
 * is recorded per shop and checked against the app's own `flow_trigger` extensions (read from
 * extensions/*\/shopify.extension.toml, as Shopify knows them once deployed): an unknown handle,
 * a missing reference (`customer_id` for a customer_reference, ...) or field, a value of the
 * wrong type, a property the trigger does not declare, or a payload over 50 KB comes back as
 * userErrors and starts nothing. `GET /__sandbox/flow/triggers?shop=` lists the calls.
 * Actions: `POST /__sandbox/flow/actions {shop, handle, properties, actionRunId?, signature?}`
 * plays Flow running a workflow step: it POSTs Flow's envelope to the action's runtime URL on
 * the app, signed with the app secret (X-Shopify-Hmac-SHA256), and answers with the app's reply.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";
import { HttpError, readJson, sendJson, type SandboxContext, type SandboxRoute } from "../router";
import type { Args, ExecContext, Model } from "./resolvers";
import { normalizeShopDomain } from "./state";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Flow refuses trigger payloads above this size. */
export const MAX_TRIGGER_PAYLOAD_BYTES = 50_000;

export interface FlowField {
  type: string;
  key?: string;
  required?: boolean;
}

export interface FlowExtension {
  type: "flow_trigger" | "flow_action";
  handle: string;
  name: string;
  runtimeUrl?: string;
  fields: FlowField[];
}

/** The app's Flow extensions from its TOML files. */
export function loadFlowExtensions(root = ROOT): FlowExtension[] {
  const dir = path.join(root, "extensions");
  const out: FlowExtension[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name, "shopify.extension.toml");
    if (!existsSync(file)) continue;
    const toml = parse(readFileSync(file, "utf8")) as { extensions?: Array<Record<string, unknown>>; settings?: { fields?: FlowField[] } };
    for (const ext of toml.extensions ?? []) {
      if (ext.type !== "flow_trigger" && ext.type !== "flow_action") continue;
      out.push({ type: ext.type, handle: String(ext.handle), name: String(ext.name), runtimeUrl: ext.runtime_url as string | undefined, fields: toml.settings?.fields ?? [] });
    }
  }
  return out;
}

let cached: FlowExtension[] | null = null;
function flowExtensions(): FlowExtension[] {
  return (cached ??= loadFlowExtensions());
}

export interface FlowTriggerCall {
  shop: string;
  handle: string | null;
  payload: unknown;
  receivedAt: string;
  userErrors: { field: string[]; message: string }[];
}

function calls(ctx: { state: { ext: Record<string, unknown> } }): FlowTriggerCall[] {
  return ((ctx.state.ext.flowTriggerCalls as FlowTriggerCall[] | undefined) ??= []);
}

const REFERENCE = /^([a-z_]+)_reference$/;

function valueError(type: string, value: unknown): string | null {
  switch (type) {
    case "single_line_text_field":
      return typeof value === "string" && !/[\r\n]/.test(value) ? null : "must be a single line of text";
    case "multi_line_text_field":
      return typeof value === "string" ? null : "must be text";
    case "number_decimal":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a decimal number";
    case "number_integer":
      return Number.isInteger(value) ? null : "must be an integer";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "email":
      return typeof value === "string" && /^[^@\s]+@[^@\s]+$/.test(value) ? null : "must be an email address";
    case "url":
      return typeof value === "string" && /^https?:\/\/\S+$/.test(value) ? null : "must be a URL";
    default:
      return null;
  }
}

/** The userErrors Flow answers for a trigger call (none: the workflows start). */
export function validateTriggerCall(extensions: readonly FlowExtension[], handle: unknown, payload: unknown): { field: string[]; message: string }[] {
  if (typeof handle !== "string" || !handle) return [{ field: ["handle"], message: "Handle can't be blank" }];
  const trigger = extensions.find((e) => e.type === "flow_trigger" && e.handle === handle);
  if (!trigger) return [{ field: ["handle"], message: `Invalid handle '${handle}': no Flow trigger with this handle is deployed for this app` }];
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return [{ field: ["payload"], message: "Payload must be a JSON object" }];
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_TRIGGER_PAYLOAD_BYTES) return [{ field: ["payload"], message: `Payload exceeds ${MAX_TRIGGER_PAYLOAD_BYTES} bytes` }];
  const body = payload as Record<string, unknown>;
  const errors: { field: string[]; message: string }[] = [];
  const declared = new Set<string>();
  for (const field of trigger.fields) {
    const reference = REFERENCE.exec(field.type);
    const key = reference ? `${reference[1]}_id` : (field.key ?? "");
    declared.add(key);
    const value = body[key];
    if (value === undefined || value === null) {
      errors.push({ field: ["payload", key], message: `${key} is required by trigger '${handle}'` });
      continue;
    }
    const problem = reference ? (Number.isSafeInteger(value) && (value as number) > 0) || (typeof value === "string" && /^\d+$/.test(value)) ? null : "must be the object's numeric id" : valueError(field.type, value);
    if (problem) errors.push({ field: ["payload", key], message: `${key} ${problem} (${field.type})` });
  }
  for (const key of Object.keys(body)) if (!declared.has(key)) errors.push({ field: ["payload", key], message: `${key} is not a field of trigger '${handle}'` });
  return errors;
}

/** The `flowTriggerReceive` mutation. */
export function flowTriggerReceive(ctx: ExecContext, args: Args): Model {
  const handle = (args.handle as string | null | undefined) ?? null;
  const userErrors = validateTriggerCall(flowExtensions(), handle, args.payload);
  calls(ctx).push({ shop: ctx.shop.domain, handle, payload: args.payload ?? null, receivedAt: new Date(ctx.state.now()).toISOString(), userErrors });
  return { userErrors };
}

/** Flow's action request: the envelope around the step's properties, its body and signature. */
export function flowActionRequest(options: { shop: string; handle: string; properties: Record<string, unknown>; actionRunId?: string; apiSecret: string }): { body: string; hmac: string } {
  const body = JSON.stringify({
    shop_id: 1,
    shopify_domain: options.shop,
    action_run_id: options.actionRunId ?? randomUUID(),
    action_definition_id: options.handle,
    handle: options.handle,
    properties: options.properties,
  });
  return { body, hmac: createHmac("sha256", options.apiSecret).update(body, "utf8").digest("base64") };
}

export function flowRoutes(): SandboxRoute[] {
  return [
    {
      method: "GET",
      path: /^\/__sandbox\/flow\/triggers\/?$/,
      handle(req, res, _m, ctx) {
        const shop = new URL(req.url ?? "/", "http://sandbox").searchParams.get("shop");
        const list = calls(ctx).filter((c) => !shop || c.shop === normalizeShopDomain(shop));
        sendJson(res, 200, { calls: list });
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/flow\/actions\/?$/,
      async handle(req, res, _m, ctx: SandboxContext) {
        const input = await readJson<{ shop?: string; handle?: string; properties?: Record<string, unknown>; actionRunId?: string; signature?: "valid" | "forged" | "missing"; rawBody?: string }>(req);
        if (!input.shop || !ctx.state.shops.has(normalizeShopDomain(input.shop))) throw new HttpError(404, { error: `Unknown shop ${input.shop ?? "(none given)"}` });
        const action = flowExtensions().find((e) => e.type === "flow_action" && e.handle === input.handle);
        if (!action?.runtimeUrl) throw new HttpError(400, { error: `handle must be one of the app's Flow actions: ${flowExtensions().filter((e) => e.type === "flow_action").map((e) => e.handle).join(", ")}` });
        const signed = flowActionRequest({ shop: normalizeShopDomain(input.shop), handle: action.handle, properties: input.properties ?? {}, actionRunId: input.actionRunId, apiSecret: ctx.options.apiSecret });
        const body = input.rawBody ?? signed.body;
        const hmac = input.rawBody !== undefined ? createHmac("sha256", ctx.options.apiSecret).update(body, "utf8").digest("base64") : signed.hmac;
        const headers: Record<string, string> = { "Content-Type": "application/json" };
        if (input.signature === "forged") headers["X-Shopify-Hmac-SHA256"] = createHmac("sha256", "not-the-app-secret").update(body, "utf8").digest("base64");
        else if (input.signature !== "missing") headers["X-Shopify-Hmac-SHA256"] = hmac;
        const url = new URL(action.runtimeUrl, ctx.options.appUrl).toString();
        const answer = await fetch(url, { method: "POST", headers, body });
        const text = await answer.text();
        const json = (t: string): unknown => {
          try {
            return JSON.parse(t);
          } catch {
            return t;
          }
        };
        sendJson(res, 200, { status: answer.status, body: json(text), sent: json(body) });
      },
    },
  ];
}
