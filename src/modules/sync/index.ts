/** The sync module's face: incremental sync (`updated_since`, tombstones) for the lists integrators read. */
export {
  liveAfter,
  SyncPage,
  type SyncPageOf,
  type SyncWindow,
  syncPage,
  syncWindow,
  type Tombstone,
  TombstoneSchema,
  type TombstoneScope,
  tombstonesAfter,
  updatedSinceQuery,
} from "./sync";
