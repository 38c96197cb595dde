import js from "@eslint/js";
import tseslint from "typescript-eslint";

const REWARD_WRITES = [
  {
    selector: "MemberExpression[object.property.name='reward'][property.name=/^(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert)$/]",
    message: "A reward changes only through an operation of app/rewards/reward-ledger.server.ts (its header lists them).",
  },
  {
    selector: "MemberExpression[object.property.name='rewardTransition'][property.name=/^(create|createMany|createManyAndReturn)$/]",
    message: "A reward's history is written only by app/rewards/reward-ledger.server.ts, with the change it records.",
  },
];

const AUDIT_WRITE = {
  selector: "MemberExpression[object.property.name='auditLog'][property.name=/^(create|createMany|createManyAndReturn)$/]",
  message: "Write audit entries with recordAudit (app/lib/audit-log.server.ts).",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      ".cache/",
      "app/generated/",
      "app/shopify/types/",
      "extensions/*/dist/",
      // Written by Shopify CLI (`shopify app build` / `dev`): the `shopify` global per extension module.
      "extensions/*/shopify.d.ts",
      "extensions/**/assets/*.js",
      "graphql/",
      ".tmp/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // CommonJS config files (dependency-cruiser reads .cjs).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        Buffer: "readonly",
        fetch: "readonly",
        AbortController: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        structuredClone: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "off",
    },
  },
  {
    // Every setting is read through app/env.server.ts (env(), setting()), whose schema checks it.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/env.server.ts", "app/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings through app/env.server.ts (env() or setting()); add the variable to its schema." }],
    },
  },
  // Only the rewards ledger writes a reward or its history (app/rewards/reward-ledger.server.ts),
  // and only app/lib/audit-log.server.ts writes the audit log (recordAudit).
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/rewards/reward-ledger.server.ts", "app/lib/audit-log.server.ts", "app/**/*.test.{ts,tsx}"],
    rules: { "no-restricted-syntax": ["error", ...REWARD_WRITES, AUDIT_WRITE] },
  },
  {
    files: ["app/rewards/reward-ledger.server.ts"],
    rules: { "no-restricted-syntax": ["error", AUDIT_WRITE] },
  },
  {
    files: ["app/lib/audit-log.server.ts"],
    rules: { "no-restricted-syntax": ["error", ...REWARD_WRITES] },
  },
);
