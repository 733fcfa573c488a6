/** Every adapter by source kind. Adding a source: write its adapter, list it here and in INGESTION_KINDS. */
import type { IngestionKind } from "../../../platform/db/schema";
import { adzuna } from "./adzuna";
import { ashby } from "./ashby";
import { feed } from "./feed";
import { greenhouse } from "./greenhouse";
import { jsonld } from "./jsonld";
import { lever } from "./lever";
import { smartrecruiters } from "./smartrecruiters";
import type { Adapter } from "./types";
import { usajobs } from "./usajobs";
import { workable } from "./workable";

export const ADAPTERS: Partial<Record<IngestionKind, Adapter>> = {
  greenhouse,
  lever,
  ashby,
  smartrecruiters,
  workable,
  adzuna,
  usajobs,
  feed,
  jsonld,
};

export function adapterFor(kind: IngestionKind): Adapter | null {
  return ADAPTERS[kind] ?? null;
}
