/**
 * The one cursor codec and page helper (src/http/pagination.ts) that every list uses:
 * positions round-trip, anything tampered with or from another query is
 * `400 invalid-cursor`, and `page()` builds `{ data, next_cursor }` from `limit + 1` rows.
 */
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, mapPage, page } from "../src/http/pagination";
import { ApiError } from "../src/http/problem";
import { toBase64Url, utf8 } from "../src/lib/encoding";

function invalid(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, slug: "invalid-cursor" });
    return;
  }
  throw new Error("expected 400 invalid-cursor");
}

const rawCursor = (value: unknown) => toBase64Url(utf8(JSON.stringify(value)));

describe("cursor codec", () => {
  it("round-trips a position, with or without a scope; no cursor is null", () => {
    expect(decodeCursor(encodeCursor([1700000000000, "a1"]), ["number", "string"])).toEqual([1700000000000, "a1"]);
    const scope = { sort: "newest", q: "go" };
    expect(decodeCursor(encodeCursor([3, null, "x"], scope), ["number", "number?", "string"], scope)).toEqual([
      3,
      null,
      "x",
    ]);
    expect(decodeCursor(undefined, ["number"])).toBeNull();
    expect(decodeCursor("", ["number"])).toBeNull();
  });

  it("is opaque base64url (no padding, no + or /)", () => {
    expect(encodeCursor([1, "ü/?"], { s: 1 })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("refuses garbage, wrong shapes and wrong kinds", () => {
    invalid(() => decodeCursor("garbage!", ["number"]));
    invalid(() => decodeCursor(rawCursor("text"), ["number"]));
    invalid(() => decodeCursor(rawCursor({ x: [1] }), ["number"]));
    invalid(() => decodeCursor(encodeCursor([1, "a"]), ["number"]));
    invalid(() => decodeCursor(encodeCursor(["1", "a"]), ["number", "string"]));
    invalid(() => decodeCursor(toBase64Url(utf8('{"p":[1e999,"a"]}')), ["number", "string"]));
    invalid(() => decodeCursor(encodeCursor([null, "a"]), ["number", "string"]));
  });

  it("refuses a cursor made for another query, and a scoped one where none is expected", () => {
    const cursor = encodeCursor([5, "id"], { sort: "newest", status: "open" });
    expect(decodeCursor(cursor, ["number", "string"], { sort: "newest", status: "open" })).toEqual([5, "id"]);
    invalid(() => decodeCursor(cursor, ["number", "string"], { sort: "newest", status: "closed" }));
    invalid(() => decodeCursor(cursor, ["number", "string"], { sort: "salary", status: "open" }));
    invalid(() => decodeCursor(cursor, ["number", "string"]));
    invalid(() => decodeCursor(encodeCursor([5, "id"]), ["number", "string"], { sort: "newest" }));
  });
});

describe("page()", () => {
  const rows = [
    { at: 3, id: "c" },
    { at: 2, id: "b" },
    { at: 1, id: "a" },
  ];

  it("sends `limit` rows and the position of the last one when the extra row shows more", () => {
    const p = page(rows, 2, (r) => [r.at, r.id]);
    expect(p.data).toEqual(rows.slice(0, 2));
    expect(decodeCursor(p.next_cursor ?? undefined, ["number", "string"])).toEqual([2, "b"]);
  });

  it("ends with next_cursor null", () => {
    expect(page(rows, 3, (r) => [r.at, r.id])).toEqual({ data: rows, next_cursor: null });
    expect(page([], 20, () => [])).toEqual({ data: [], next_cursor: null });
  });

  it("binds the next cursor to the scope it is given", () => {
    const p = page(rows, 1, (r) => [r.at, r.id], { user: "u1" });
    expect(decodeCursor(p.next_cursor ?? undefined, ["number", "string"], { user: "u1" })).toEqual([3, "c"]);
    invalid(() => decodeCursor(p.next_cursor ?? undefined, ["number", "string"], { user: "u2" }));
  });

  it("mapPage presents the rows and keeps the cursor", () => {
    const p = page(rows, 1, (r) => [r.at, r.id]);
    expect(mapPage(p, (r) => r.id)).toEqual({ data: ["c"], next_cursor: p.next_cursor });
  });
});
