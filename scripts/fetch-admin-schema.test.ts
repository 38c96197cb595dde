import { buildSchema, introspectionFromSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { introspectionToSdl } from "./fetch-admin-schema.mjs";

describe("introspectionToSdl", () => {
  it("prints the schema without descriptions, keeping types, fields, arguments and deprecations", () => {
    const schema = buildSchema(`
      "The shop"
      type Query {
        "Its name"
        shop(
          "which one"
          id: ID!
        ): Shop
      }
      type Shop { name: String! old: String @deprecated(reason: "Use name") }
    `);
    const sdl: string = introspectionToSdl({ data: introspectionFromSchema(schema) });
    expect(sdl).not.toMatch(/The shop|Its name|which one/);
    expect(sdl).toContain("shop(id: ID!): Shop");
    expect(sdl).toContain('old: String @deprecated(reason: "Use name")');
    expect(sdl.endsWith("}\n")).toBe(true);
  });
});
