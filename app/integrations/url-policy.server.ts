// Local and private endpoints are for development and the sandbox only (env validation already
// keeps SHOPIFY_SANDBOX_URL on this machine).
import { setting } from "../env.server";
import type { UrlPolicy } from "./endpoint-url";

export function endpointUrlPolicy(): UrlPolicy {
  return { allowLocal: setting("NODE_ENV") !== "production" || !!setting("SHOPIFY_SANDBOX_URL") };
}
