/**
 * An audit entry's own columns, for reads that join audit_log to something else: who did
 * what to what, and when. Free of imports, so the verifier can run on a restored copy.
 */
export const AUDIT_ENTRY_COLUMNS = [
  "audit_log.seq",
  "audit_log.at",
  "audit_log.actor_id",
  "audit_log.actor_role",
  "audit_log.action",
  "audit_log.subject_type",
  "audit_log.subject_id",
  "audit_log.details",
] as const;
