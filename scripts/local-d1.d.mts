/** Types for scripts/local-d1.mjs, used by the e2e seed test. */
export interface LocalD1 {
  prepare(sql: string): { get(): Record<string, unknown> | undefined; all(): Record<string, unknown>[] };
  close(): void;
}
export function openLocalD1(persistTo?: string): Promise<LocalD1 | null>;
export function migrationsUpToDate(persistTo?: string): Promise<boolean | null>;
