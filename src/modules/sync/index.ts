/** The sync module's face: incremental sync (`updated_since`, tombstones, their retention) for the lists integrators read. */
export {
  liveAfter,
  requireRetained,
  SYNC_RETENTION_MS,
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
export { pruneSyncDeletions, pruneSyncDeletionsTask } from "./tasks";
