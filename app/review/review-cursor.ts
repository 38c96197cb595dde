// Opaque keyset cursors for the review queue: the sort value and id of the last row shown.
export interface ReviewCursor {
  v: number | string | null;
  id: string;
}

export function encodeCursor(cursor: ReviewCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(raw: string | null | undefined): ReviewCursor | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as ReviewCursor;
    if (typeof parsed?.id !== "string") return null;
    if (parsed.v !== null && typeof parsed.v !== "number" && typeof parsed.v !== "string") return null;
    return parsed;
  } catch {
    return null;
  }
}
