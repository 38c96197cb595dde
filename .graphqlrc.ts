// graphql-codegen / graphql-config project for Shopify's Admin API (2026-10). Types are
// generated from the schema file in the repo (env SHOPIFY_ADMIN_SCHEMA overrides it), so
// `npm run graphql:codegen` works offline; the preset alone would download the schema.
import { ApiType, pluckConfig, shopifyApiTypes } from "@shopify/api-codegen-preset";
import { ADMIN_API_VERSION, resolveAdminSchemaPath } from "./app/shopify/schema-path";

const schema = resolveAdminSchemaPath();
export const documents = ["./app/shopify/**/*.{ts,tsx}", "!./app/shopify/**/*.test.ts", "!./app/shopify/types/**"];
const outputDir = process.env.TWOFOLD_CODEGEN_OUT_DIR || "./app/shopify/types";

const presetGenerates = shopifyApiTypes({
  apiType: ApiType.Admin,
  apiVersion: ADMIN_API_VERSION,
  outputDir,
  documents,
  // String unions instead of TS enums: a .d.ts enum cannot be used as a value.
  enumsAsConst: true,
}) ?? {};
// Drop the step that downloads an introspection JSON, and point the rest at our SDL file.
const generates = Object.fromEntries(
  Object.entries(presetGenerates)
    .filter(([file]) => !file.endsWith(".schema.json"))
    .map(([file, step]) => [file, { ...(step as object), schema }]),
);

export default {
  schema,
  documents,
  projects: {
    default: {
      schema,
      documents,
      extensions: { codegen: { pluckConfig, generates } },
    },
  },
};
