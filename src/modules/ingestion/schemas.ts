/** Wire shapes of ingestion sources, runs and health (admin API). */
import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";
import { INGESTION_KINDS, INGESTION_RUN_STATUSES, INGESTION_TRIGGERS } from "../../platform/db/schema";

const iso = z.string().openapi({ example: "2026-11-21T10:00:00.000Z" });
const id = z.string().min(1).max(64);

export const SourceIdParam = z.object({
  id: id.openapi({ param: { name: "id", in: "path" }, example: "0193a6f0-7c1e-7000-8000-000000000001" }),
});

const Settings = z
  .record(z.string().max(64), z.unknown())
  .refine(
    (v) => Object.keys(v).length <= 30 && JSON.stringify(v).length <= 8000,
    "at most 30 keys and 8 000 characters",
  );

const Config = Settings.openapi({
  description: 'The kind\'s public settings (see docs/ingestion.md), e.g. `{ "board_token": "acme" }` for Greenhouse.',
  example: { board_token: "acme", company_name: "Acme" },
});
const Credentials = Settings.openapi({
  description:
    "The kind's secret settings (API keys), write-only: stored encrypted and never returned (`has_credentials` says whether set).",
  example: { app_id: "abc123", app_key: "…" },
});

export const CreateSourceBody = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: "Acme on Greenhouse" }),
    kind: z.enum(INGESTION_KINDS),
    config: Config,
    credentials: Credentials.nullish(),
    enabled: z.boolean().optional().openapi({ description: "Run on the 6-hourly schedule (default true)." }),
  })
  .strict()
  .openapi("CreateIngestionSource");

export const UpdateSourceBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    config: Config.optional(),
    credentials: Credentials.nullable()
      .optional()
      .openapi({ description: "Replace (or, with null, clear) the credentials." }),
    enabled: z.boolean().optional(),
  })
  .strict()
  .openapi("UpdateIngestionSource");

export const SourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(INGESTION_KINDS),
    config: z.record(z.string(), z.unknown()),
    has_credentials: z.boolean(),
    enabled: z.boolean(),
    health: z
      .object({
        status: z.enum(["never_run", "healthy", "failing"]),
        last_run_at: iso.nullable(),
        last_success_at: iso.nullable(),
        last_error: z.string().nullable(),
        consecutive_failures: z.number().int(),
      })
      .openapi("IngestionSourceHealth"),
    created_at: iso,
    updated_at: iso,
  })
  .openapi("IngestionSource");

export const RunSchema = z
  .object({
    id: z.string(),
    source_id: z.string(),
    trigger: z.enum(INGESTION_TRIGGERS),
    status: z.enum(INGESTION_RUN_STATUSES),
    fetched: z.number().int(),
    new: z.number().int(),
    updated: z.number().int(),
    duplicates: z.number().int(),
    expired: z.number().int(),
    errors: z.number().int(),
    error: z.string().nullable(),
    created_at: iso,
    started_at: iso.nullable(),
    finished_at: iso.nullable(),
  })
  .openapi("IngestionRun");

export const ListQuery = z.object(pageQuery()).strict();
export const SourceList = Page(SourceSchema).openapi("IngestionSourceList");
export const RunList = Page(RunSchema).openapi("IngestionRunList");
