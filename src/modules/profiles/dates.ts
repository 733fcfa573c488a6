/**
 * Profile dates are ISO 8601 calendar dates with optional precision, as in
 * JSON Resume: `2021`, `2021-04` or `2021-04-15`. Ranges compare the earliest
 * possible start with the latest possible end, so `2021-05`…`2021` is valid.
 */
import { z } from "@hono/zod-openapi";
import type { FieldError } from "../../http/problem";

const PARTIAL_DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function isPartialDate(value: string): boolean {
  const m = PARTIAL_DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1900 || year > 2100) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

export const PartialDate = z
  .string()
  .refine(isPartialDate, "Expected a date as YYYY, YYYY-MM or YYYY-MM-DD (years 1900–2100).")
  .openapi({ example: "2021-04", description: "YYYY, YYYY-MM or YYYY-MM-DD" });

const earliest = (d: string) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
const latest = (d: string) => (d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d);

/** True when `end` can be on or after `start` at their stated precision. */
export function endNotBeforeStart(start: string, end: string): boolean {
  return latest(end) >= earliest(start);
}

/** Field errors for a start/end pair and an optional `is_current` flag. */
export function rangeErrors(
  range: { start: string; end: string | null | undefined; isCurrent?: boolean | undefined },
  paths: { start: string; end: string },
): FieldError[] {
  const errors: FieldError[] = [];
  if (range.isCurrent && range.end) {
    errors.push({ path: paths.end, message: `Must be empty when is_current is true.` });
  }
  if (range.end && !endNotBeforeStart(range.start, range.end)) {
    errors.push({ path: paths.end, message: `Must not be before ${paths.start}.` });
  }
  return errors;
}
