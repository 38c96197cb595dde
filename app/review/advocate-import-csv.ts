// Reading an advocates CSV (email, optional customer id, name) into rows, and the checks that
// need nothing but the file: an address that is not one, a customer id that is not one, the
// same person twice in the file. What needs the database or Shopify is the import job's.
import { normalizeEmail } from "../lib/normalize-email";

export const IMPORT_REFUSALS = {
  bad_email: "Not an email address",
  bad_customer_id: "Not a Shopify customer id",
  duplicate_in_file: "Duplicate: the same person is on an earlier line of the file",
  already_advocate: "Duplicate: already an advocate",
  unknown_customer: "No customer with this id in your store",
} as const;
export type ImportRefusal = keyof typeof IMPORT_REFUSALS;

/** Lines a file may have (the header not counted). */
export const MAX_IMPORT_ROWS = 50_000;
/** Bytes a file may have. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export interface ParsedImportRow {
  /** The row's line in the file, the header being line 1. */
  line: number;
  email: string | null;
  customerGid: string | null;
  name: string | null;
  refused: ImportRefusal | null;
}

export class ImportFileError extends Error {}

const EMAIL_SHAPE = /^[^\s@",;<>()[\]\\]+@[^\s@",;<>()[\]\\]+\.[^\s@",;<>()[\]\\]{2,}$/;
const HEADERS = {
  email: ["email", "e-mail", "email address", "email_address"],
  customerId: ["customer id", "customer_id", "customerid", "id", "customer"],
  name: ["name", "first name", "first_name", "firstname", "full name"],
};

/** RFC 4180 fields: commas or semicolons, double quotes around fields with either or a newline. */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\ufeff/, "");
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === sep) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && source[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A customer id as a GID: a number, or gid://shopify/Customer/<number>; null when it is neither. */
export function customerGidOf(value: string): string | null {
  const v = value.trim();
  if (/^\d{1,20}$/.test(v)) return `gid://shopify/Customer/${v}`;
  return /^gid:\/\/shopify\/Customer\/\d{1,20}$/.test(v) ? v : null;
}

/** The file's rows with the checks the file alone allows; throws ImportFileError for a file that cannot be read at all. */
export function readImportFile(text: string): ParsedImportRow[] {
  const table = parseCsv(text);
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const column = (names: string[]) => header.findIndex((h) => names.includes(h));
  const emailAt = column(HEADERS.email);
  if (emailAt < 0) throw new ImportFileError("The first line must name the columns, with one called email (and optionally customer id and name).");
  const idAt = column(HEADERS.customerId);
  const nameAt = column(HEADERS.name);
  const lines = table.slice(1);
  if (lines.length > MAX_IMPORT_ROWS) throw new ImportFileError(`A file may have at most ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; split it in several.`);
  const seenEmails = new Set<string>();
  const seenIds = new Set<string>();
  const rows: ParsedImportRow[] = [];
  lines.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === "")) return;
    const rawEmail = (cells[emailAt] ?? "").trim();
    const rawId = idAt >= 0 ? (cells[idAt] ?? "").trim() : "";
    const name = nameAt >= 0 ? (cells[nameAt] ?? "").trim().slice(0, 100) || null : null;
    const email = EMAIL_SHAPE.test(rawEmail) ? normalizeEmail(rawEmail) : null;
    const customerGid = rawId ? customerGidOf(rawId) : null;
    let refused: ImportRefusal | null = null;
    if (!email) refused = "bad_email";
    else if (rawId && !customerGid) refused = "bad_customer_id";
    else if (seenEmails.has(email) || (customerGid && seenIds.has(customerGid))) refused = "duplicate_in_file";
    if (!refused) {
      seenEmails.add(email!);
      if (customerGid) seenIds.add(customerGid);
    }
    rows.push({ line: i + 2, email: email ?? (rawEmail.slice(0, 200) || null), customerGid: customerGid ?? (rawId.slice(0, 100) || null), name, refused });
  });
  if (rows.length === 0) throw new ImportFileError("The file has no rows under its header.");
  return rows;
}
