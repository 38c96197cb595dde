// Where Shopify's Admin GraphQL schema (SDL) lives. Codegen, the schema check and the local
// sandbox all read the same file, so they accept and reject the same documents.
// Plain TypeScript that imports only the settings module: config files and the sandbox load it directly.
import path from "node:path";
import { settingIfSet } from "../env.server";

export const ADMIN_API_VERSION = "2026-10";
export const DEFAULT_ADMIN_SCHEMA_PATH = `graphql/admin-${ADMIN_API_VERSION}.graphql`;

/**
 * Absolute path of the Admin schema: env `SHOPIFY_ADMIN_SCHEMA` when set (in `env`, by default
 * the process's), else the copy committed in the repo. Relative paths are resolved against
 * `root` (the project root).
 */
export function resolveAdminSchemaPath(env?: Record<string, string | undefined>, root: string = process.cwd()): string {
  const configured = settingIfSet("SHOPIFY_ADMIN_SCHEMA", env)?.trim() || DEFAULT_ADMIN_SCHEMA_PATH;
  return path.resolve(root, configured);
}
