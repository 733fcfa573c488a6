/** D1 surfaces SQLite constraint failures as plain errors; these helpers read them. */
export function isUniqueViolation(err: unknown, column?: string): boolean {
  const text = errorText(err);
  if (!text.includes("UNIQUE constraint failed")) return false;
  return column ? text.includes(column) : true;
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}
