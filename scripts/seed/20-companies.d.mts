/** Types for the seed plugin, so tests can run it against the test database. */
export interface SeedContext {
  sql(statements: string[]): Promise<unknown>;
  quote(value: unknown): string;
  newId(): string;
}
export function seed(ctx: SeedContext): Promise<void>;
