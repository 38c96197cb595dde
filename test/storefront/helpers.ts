// Shared by the storefront tests: a live program for the stack's shop, and shopper requests
// sent through the sandbox's signing app proxy as from a given machine (X-Sandbox-Client-Ip;
// a shopper's own X-Forwarded-For, `forwardedFor`, is passed on as Shopify does).
import { defaultProgramConfig } from "../../app/program/program-text";
import { saveProgramVersion, setProgramStatus } from "../../app/program/program.server";
import type { ProgramConfig } from "../../app/program/program-config";
import type { Stack } from "../helpers/stack";

export async function startProgram(stack: Stack, change: (c: ProgramConfig) => ProgramConfig = (c) => c): Promise<ProgramConfig> {
  const config = change(defaultProgramConfig("USD"));
  const saved = await saveProgramVersion(stack.db.prisma, { shop: stack.shop, input: config, actor: "test" });
  if (!saved.ok) throw new Error(`program not saved: ${JSON.stringify(saved.fieldErrors)}`);
  const on = await setProgramStatus(stack.db.prisma, stack.shop, "active", "test");
  if (!on.ok) throw new Error(on.error);
  return saved.version.config;
}

export async function proxyPost(
  stack: Stack,
  path: string,
  fields: Record<string, string>,
  options: { ip?: string; forwardedFor?: string; customerId?: string; json?: boolean } = {},
): Promise<Response> {
  const query = options.customerId ? `?as_customer=${options.customerId}` : "?as_customer=";
  return fetch(`${stack.sandbox.url}/storefront/${stack.shop}/apps/twofold${path}${query}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(options.json === false ? {} : { Accept: "application/json" }),
      "X-Sandbox-Client-Ip": options.ip ?? "203.0.113.10",
      ...(options.forwardedFor ? { "X-Forwarded-For": options.forwardedFor } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function sandboxDiscountCodes(stack: Stack): Promise<Array<{ code?: string; codes?: string[]; title?: string }>> {
  const res = await fetch(`${stack.sandbox.url}/__sandbox/state?shop=${stack.shop}`);
  const state = (await res.json()) as { discountCodes: Array<{ code?: string; codes?: string[]; title?: string }> };
  return state.discountCodes;
}
