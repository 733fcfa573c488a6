/** Every adapter by source kind. Adding a source: write its adapter, list it here and in INGESTION_KINDS. */
import type { IngestionKind } from "../../../platform/db/schema";
import { ashby } from "./ashby";
import { feed } from "./feed";
import { greenhouse } from "./greenhouse";
import { jsonld } from "./jsonld";
import { lever } from "./lever";
import type { Adapter } from "./types";

export const ADAPTERS: Partial<Record<IngestionKind, Adapter>> = {
  greenhouse,
  lever,
  ashby,
  feed,
  jsonld,
};

export function adapterFor(kind: IngestionKind): Adapter | null {
  return ADAPTERS[kind] ?? null;
}
