// The app's access scopes as declared in shopify.app.toml (read without the app's env).
import fs from "node:fs";
import path from "node:path";

const toml = fs.readFileSync(path.resolve(import.meta.dirname, "..", "shopify.app.toml"), "utf8");
export const ACCESS_SCOPES_TOML = (toml.match(/^scopes = "([^"]+)"/m)?.[1] ?? "").split(",");
