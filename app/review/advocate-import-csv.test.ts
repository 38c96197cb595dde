import { describe, expect, it } from "vitest";
import { customerGidOf, ImportFileError, parseCsv, readImportFile } from "./advocate-import-csv";

describe("advocate import CSV", () => {
  it("parses quotes, doubled quotes, CRLF, semicolons and a BOM", () => {
    expect(parseCsv('\ufeffemail,name\r\n"a@x.com","Doe, ""Jo"""\r\nb@x.com,Bo')).toEqual([["email", "name"], ["a@x.com", 'Doe, "Jo"'], ["b@x.com", "Bo"]]);
    expect(parseCsv("email;name\na@x.com;A\n")).toEqual([["email", "name"], ["a@x.com", "A"]]);
  });

  it.each([
    ["123", "gid://shopify/Customer/123"],
    ["gid://shopify/Customer/7", "gid://shopify/Customer/7"],
    ["abc", null],
    ["gid://shopify/Order/7", null],
  ])("customer id %s → %s", (input, gid) => expect(customerGidOf(input)).toBe(gid));

  it("refuses bad emails, bad ids and in-file duplicates, with the file's line numbers", () => {
    const rows = readImportFile(["Email,Customer ID,Name", "ada@example.com,,Ada", "not-an-email,,X", "ADA@example.com,,Ada again", "bo@example.com,12,Bo", "cy@example.com,12,Cy", "di@example.com,x1,Di", "", "ed@example.com"].join("\n"));
    expect(rows.map((r) => [r.line, r.refused])).toEqual([
      [2, null],
      [3, "bad_email"],
      [4, "duplicate_in_file"],
      [5, null],
      [6, "duplicate_in_file"],
      [7, "bad_customer_id"],
      [9, null],
    ]);
    expect(rows[3]).toMatchObject({ email: "bo@example.com", customerGid: "gid://shopify/Customer/12", name: "Bo" });
  });

  it("needs an email column and at least one row", () => {
    expect(() => readImportFile("name\nAda")).toThrow(ImportFileError);
    expect(() => readImportFile("email\n")).toThrow(ImportFileError);
  });
});
