import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * Timestamps are ISO-8601 UTC strings ("2026-11-24T08:00:00.000Z") on both engines:
 * they sort as text, compare the same on SQLite and PostgreSQL, and never go through
 * a driver's local-time conversion.
 */
export type Timestamp = string;

export type Role = "customer" | "support" | "supervisor" | "editor" | "admin";

export interface UsersTable {
  id: string;
  display_name: string;
  /** AES-256-GCM envelope, see app/crypto/field-encryption.server.ts */
  email_enc: string;
  /** HMAC blind index for exact look-ups without decrypting */
  email_bidx: string;
  phone_enc: string | null;
  /** HMAC blind index of the phone number in E.164 form (app/users/search-keys.ts) */
  phone_bidx: string | null;
  /** display_name folded for prefix search (lower case, no accents); as public as display_name */
  name_search: string | null;
  /** eight digits, unique; what a customer reads out to support */
  customer_number: string | null;
  status: "active" | "locked";
  created_at: Timestamp;
}

export interface UserRolesTable {
  user_id: string;
  role: Role;
}

export interface SessionsTable {
  id: string;
  user_id: string | null;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string;
  user_agent: string;
}

export interface AuditLogTable {
  /** assigned by the engine; on PostgreSQL not in commit order (the sequencer orders by transaction) */
  seq: Generated<number>;
  at: Timestamp;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON text; never secrets, never clear-text PII */
  details: string;
}

/** Which audit row sits at which leaf of the Merkle tree; written only by the sequencer. */
export interface AuditLeavesTable {
  leaf_index: number;
  audit_seq: number;
  sealed_at: Timestamp;
}

/** Hash of every complete subtree: level 0 = leaf hashes; idx counts subtrees of that level from the left. */
export interface AuditNodesTable {
  level: number;
  idx: number;
  hash: string;
}

export interface AuditCheckpointsTable {
  tree_size: number;
  root_hash: string;
  signed_at: Timestamp;
  key_id: string;
  /** base64 Ed25519 signature over app/audit/merkle.ts checkpointMessage */
  signature: string;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  expires_at: Timestamp;
}

export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

export interface ApprovalsTable {
  id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  /** JSON text describing exactly what will be executed on approval */
  payload: string;
  reason: string;
  status: "pending" | "approved" | "rejected" | "cancelled";
  proposed_by: string;
  proposed_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_comment: string | null;
  /** after this nobody may decide it; null only for rows written before expiry existed */
  expires_at: Timestamp | null;
  /** the customer the proposal concerns, if any (for the customer page) */
  customer_id: string | null;
  /** what is true now and what will be true on approval, in words a decider reads */
  before_words: string | null;
  after_words: string | null;
}

export interface CspReportsTable {
  id: string;
  at: Timestamp;
  document_uri: string;
  violated_directive: string;
  blocked_uri: string;
  sample: string;
  user_agent: string;
}

export interface PasskeysTable {
  id: string;
  user_id: string;
  public_key: string;
  counter: number;
  /** JSON array of AuthenticatorTransport */
  transports: string;
  device_type: "singleDevice" | "multiDevice";
  /** 1 when the authenticator says the credential is backed up (synced) */
  backed_up: number;
  aaguid: string;
  name: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface EnrolmentCodesTable {
  id: string;
  user_id: string;
  /** SHA-256 of the code; the code itself is only ever shown once, out of band */
  code_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  failed_attempts: number;
  created_by: string | null;
}

export interface WebauthnChallengesTable {
  id: string;
  /**
   * Whose challenge this is: a signed-in session's id, or `pre:` and a hash of the browser's
   * pre-sign-in cookie (app/session/pre-sign-in.server.ts). Never a foreign key: nothing is
   * written before the rate-limited request that issues the options.
   */
  binding: string;
  /** "confirm": a change confirmation, whose challenge is derived from `nonce` and the change */
  purpose: "register" | "authenticate" | "confirm";
  challenge: string;
  /** change confirmations only: the single-use server secret mixed into the challenge */
  nonce: string | null;
  user_id: string | null;
  enrolment_code_id: string | null;
  expires_at: Timestamp;
}

export interface OutboxTable {
  id: string;
  user_id: string | null;
  at: Timestamp;
  channel: "email" | "sms";
  subject: string;
  body: string;
}

export interface AccountsTable {
  id: string;
  customer_id: string;
  kind: "current" | "savings" | "credit_card";
  name: string;
  currency: string;
  balance_minor: number;
  available_minor: number;
  credit_limit_minor: number | null;
  number_last4: string;
  created_at: Timestamp;
}

export interface CardsTable {
  id: string;
  account_id: string;
  customer_id: string;
  token: string;
  last4: string;
  brand: "visa" | "mastercard";
  name: string;
  expiry_month: number;
  expiry_year: number;
  status: "active" | "frozen" | "cancelled" | "expired";
  /** JSON: CardSettings (app/controls/card-settings.ts) */
  settings: string;
  usual_amount_minor: number | null;
  history_count: number;
  /** JSON array of ISO 3166 alpha-2 codes */
  known_countries: string;
  has_used_online: number;
  created_at: Timestamp;
}

export interface TransactionsTable {
  id: string;
  account_id: string;
  card_id: string | null;
  posted_at: Timestamp;
  description: string;
  merchant_name: string | null;
  mcc: string | null;
  country: string | null;
  channel: string | null;
  amount_minor: number;
  currency: string;
  original_amount_minor: number | null;
  original_currency: string | null;
}

export interface AuthorizationsTable {
  id: string;
  card_id: string;
  account_id: string;
  client_id: string;
  idempotency_key: string;
  request_hash: string;
  created_at: Timestamp;
  amount_minor: number;
  currency: string;
  original_amount_minor: number;
  original_currency: string;
  merchant_name: string;
  merchant_id: string;
  mcc: string;
  country: string;
  channel: string;
  outcome: "approved" | "declined";
  reason: string;
  risk_score: number;
  risk_level: "low" | "medium" | "high";
  /** JSON array of { code, points, detail } */
  risk_signals: string;
  flagged: number;
  customer_response: "confirmed" | "denied" | null;
  responded_at: Timestamp | null;
  /** the signature of the request that produced it; unique, so a replay is refused */
  signature: string | null;
  /** the posted transaction that settled this hold; null while it is pending (or declined) */
  transaction_id: string | null;
  /** the block or limit a limit decline was measured against, at the time; null otherwise */
  rule_limit_minor: number | null;
}

export interface ControlChangesTable {
  id: string;
  card_id: string;
  customer_id: string;
  summary: string;
  /** JSON: SettingsPatch (app/controls/card-settings.ts) applied when the change takes effect */
  patch: string;
  requested_at: Timestamp;
  effective_at: Timestamp;
  status: "pending" | "applied" | "cancelled";
  approval_id: string | null;
}

export interface TripsTable {
  id: string;
  card_id: string;
  countries: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_at: Timestamp;
  cancelled_at: Timestamp | null;
}

export interface RiskAllowancesTable {
  id: string;
  card_id: string;
  country: string;
  merchant_id: string | null;
  until: Timestamp;
  authorization_id: string;
  created_at: Timestamp;
}

export interface ReviewItemsTable {
  id: string;
  kind: "high_risk" | "flagged" | "customer_denied";
  card_id: string;
  customer_id: string;
  authorization_id: string | null;
  status: "open" | "resolved";
  opened_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  note: string | null;
  assigned_to: string | null;
  assigned_at: Timestamp | null;
  resolution: "fraud" | "legitimate" | null;
}

/** Signatures of requests answered without a new authorization (retries, early declines). */
export interface ApiRequestSignaturesTable {
  signature: string;
  received_at: Timestamp;
}

/** "I'm on a call with this customer": shown as a banner in the customer's portal while it lasts. */
export interface StaffCallsTable {
  id: string;
  customer_id: string;
  staff_id: string;
  started_at: Timestamp;
  /** a call nobody ends stops showing after this (60 minutes) */
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  ended_by: string | null;
}

export interface GuidesTable {
  slug: string;
  /** the revision customers see; null until a first revision is published */
  published_revision_id: string | null;
  created_at: Timestamp;
}

export type GuideRevisionStatus = "draft" | "in_review" | "published" | "rejected" | "superseded";

export interface GuideRevisionsTable {
  id: string;
  slug: string;
  /** 1, 2, 3… per guide */
  number: number;
  /** the MDX exactly as the editor wrote it (validated before it is stored) */
  source: string;
  /** SHA-256 of source; the key of guide_renders */
  content_hash: string;
  status: GuideRevisionStatus;
  /** null for revisions imported from content/guides */
  author_id: string | null;
  created_at: Timestamp;
  submitted_at: Timestamp | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  review_comment: string | null;
  /** the revision this draft was restored from */
  restored_from: string | null;
}

export interface GuideRendersTable {
  content_hash: string;
  /** JSON: GuideNode[] (app/guides/guide-tree.ts) */
  tree: string;
  /** JSON: GuideFrontmatter */
  frontmatter: string;
  reading_minutes: number;
  compiled_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  audit_leaves: AuditLeavesTable;
  audit_nodes: AuditNodesTable;
  audit_checkpoints: AuditCheckpointsTable;
  job_leases: JobLeasesTable;
  rate_limits: RateLimitsTable;
  approvals: ApprovalsTable;
  csp_reports: CspReportsTable;
  passkeys: PasskeysTable;
  enrolment_codes: EnrolmentCodesTable;
  webauthn_challenges: WebauthnChallengesTable;
  outbox: OutboxTable;
  accounts: AccountsTable;
  cards: CardsTable;
  transactions: TransactionsTable;
  authorizations: AuthorizationsTable;
  control_changes: ControlChangesTable;
  trips: TripsTable;
  risk_allowances: RiskAllowancesTable;
  review_items: ReviewItemsTable;
  api_request_signatures: ApiRequestSignaturesTable;
  staff_calls: StaffCallsTable;
  guides: GuidesTable;
  guide_revisions: GuideRevisionsTable;
  guide_renders: GuideRendersTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type SessionUpdate = Updateable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type PasskeyRow = Selectable<PasskeysTable>;
export type CardRow = Selectable<CardsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type AuthorizationRow = Selectable<AuthorizationsTable>;
export type ApprovalRow = Selectable<ApprovalsTable>;
