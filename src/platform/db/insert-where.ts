/**
 * `INSERT … SELECT <values> WHERE <condition>`: an insert that happens only
 * when a condition holds *in the same statement*, so a cap ("at most 20 keys")
 * cannot be overrun by concurrent requests the way a count-then-insert can.
 * SQLite runs one write statement at a time, so the count inside the WHERE sees
 * every earlier insert. Check the number of returned rows: none means the
 * condition failed.
 *
 *   await insertWhere(db, apiKeys, row, sql`(SELECT count(*) FROM api_keys WHERE …) < 20`).returning();
 */
import { getTableColumns, is, SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

/** A value may also be an SQL expression, evaluated in the same statement (e.g. a flag derived from other rows). */
export function insertWhere<T extends SQLiteTable>(
  db: Db,
  table: T,
  row: { [K in keyof T["$inferInsert"]]: T["$inferInsert"][K] | SQL },
  condition: SQL,
) {
  const values = Object.entries(getTableColumns(table))
    // The same columns, in the same order, as drizzle's INSERT column list.
    .filter(([, col]) => !(col as unknown as { shouldDisableInsert(): boolean }).shouldDisableInsert())
    .map(([key, col]) => {
      const v = (row as Record<string, unknown>)[key];
      if (v !== undefined) return is(v, SQL) ? v : sql.param(v, col);
      if (col.default !== undefined && col.default !== null) {
        return is(col.default, SQL) ? col.default : sql.param(col.default, col);
      }
      if (col.defaultFn) {
        const d = col.defaultFn();
        return is(d, SQL) ? d : sql.param(d, col);
      }
      return sql`NULL`;
    });
  return db.insert(table).select(sql`SELECT ${sql.join(values, sql`, `)} WHERE ${condition}`);
}

/** `(SELECT count(*) FROM <table> WHERE <where>) < cap`, for `insertWhere`. */
export function countBelow(table: SQLiteTable, where: SQL | undefined, cap: number): SQL {
  return sql`(SELECT count(*) FROM ${table} WHERE ${where ?? sql`1`}) < ${cap}`;
}
