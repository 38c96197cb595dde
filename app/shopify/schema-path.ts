// Where Shopify's Admin GraphQL schema (SDL) lives. Codegen, the schema check and the local
// sandbox all read the same file, so they accept and reject the same documents.
// Plain TypeScript with no app imports: config files and the sandbox load it directly.
import path from "node:path";

export const ADMIN_API_VERSION = "2026-10";
export const DEFAULT_ADMIN_SCHEMA_PATH = `graphql/admin-${ADMIN_API_VERSION}.graphql`;

/**
 * Absolute path of the Admin schema: env `SHOPIFY_ADMIN_SCHEMA` when set, else the copy
 * committed in the repo. Relative paths are resolved against `root` (the project root).
 */
export function resolveAdminSchemaPath(
  env: Record<string, string | undefined> = process.env,
  root: string = process.cwd(),
): string {
  const configured = env.SHOPIFY_ADMIN_SCHEMA?.trim() || DEFAULT_ADMIN_SCHEMA_PATH;
  return path.resolve(root, configured);
}
