/** D1 surfaces SQLite constraint failures as plain errors; these helpers read them. */
export function isUniqueViolation(err: unknown, column?: string): boolean {
  const text = errorText(err);
  if (!text.includes("UNIQUE constraint failed")) return false;
  return column ? text.includes(column) : true;
}

export function isForeignKeyViolation(err: unknown): boolean {
  return errorText(err).includes("FOREIGN KEY constraint failed");
}

/**
 * The 4xx a constraint failure that escaped its service stands for, or null.
 * A safety net for the error renderer: services check references and
 * uniqueness themselves, but a missed check must not surface as a 500.
 */
export function constraintProblem(err: unknown): { status: number; slug: string; detail: string } | null {
  const text = errorText(err);
  if (text.includes("FOREIGN KEY constraint failed")) {
    return { status: 422, slug: "invalid-reference", detail: "The request refers to something that does not exist." };
  }
  if (text.includes("UNIQUE constraint failed")) {
    return { status: 409, slug: "conflict", detail: "This conflicts with something that already exists." };
  }
  if (text.includes("CHECK constraint failed")) {
    // e.g. two publications racing for a company's last posting credit (credits >= 0).
    return { status: 409, slug: "conflict", detail: "The change conflicts with a concurrent one; retry." };
  }
  if (text.includes("LIKE or GLOB pattern too complex")) {
    return { status: 400, slug: "validation-error", detail: "The search text is too long." };
  }
  return null;
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}
