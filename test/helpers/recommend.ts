/** Reads the development-only Server-Timing header (D1 queries and rows read). */
export function timing(headers: Headers) {
  const header = headers.get("Server-Timing") ?? "";
  const get = (name: string) => Number(new RegExp(`${name};(?:desc="[^"]*";)?dur=(\\d+)`).exec(header)?.[1] ?? NaN);
  return { queries: get("d1"), rowsRead: get("rows_read") };
}
