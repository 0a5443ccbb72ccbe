import { PostgresAdapter, sql, type Kysely } from "kysely";

const SEALED_TABLES = ["audit_leaves", "audit_nodes", "audit_checkpoints"] as const;

/**
 * Appending to the audit log becomes a plain insert: the id comes from the engine (a sequence
 * on PostgreSQL, AUTOINCREMENT on SQLite) instead of "last row + 1", and the per-row hash chain
 * that needed the previous row goes. A background sequencer seals committed rows into a Merkle
 * tree (audit_leaves, audit_nodes) and signs checkpoints of it; those tables only ever grow.
 * On PostgreSQL each row also records its transaction id, so the sequencer can tell which rows
 * can no longer be joined by a slower transaction (see app/audit/audit-sequencer.server.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`create sequence audit_log_seq_seq owned by audit_log.seq`.execute(db);
    await sql`select setval('audit_log_seq_seq', coalesce((select max(seq) from audit_log), 0) + 1, false)`.execute(db);
    await sql`alter table audit_log alter column seq set default nextval('audit_log_seq_seq')`.execute(db);
    await sql`alter table audit_log add column tx xid8 not null default pg_current_xact_id()`.execute(db);
    await sql`alter table audit_log drop column prev_hash, drop column hash`.execute(db);
    await sql`create index audit_log_tx_idx on audit_log (tx, seq)`.execute(db);
  } else {
    // SQLite cannot drop NOT NULL columns or add AUTOINCREMENT in place: rebuild the table.
    // Dropping a table fires no triggers; the append-only ones are recreated below.
    await sql`create table audit_log_new (
      seq integer primary key autoincrement,
      at text not null, actor_id text, actor_role text, action text not null,
      subject_type text, subject_id text, ip text, user_agent text, details text not null)`.execute(db);
    await sql`insert into audit_log_new (seq, at, actor_id, actor_role, action, subject_type, subject_id, ip, user_agent, details)
      select seq, at, actor_id, actor_role, action, subject_type, subject_id, ip, user_agent, details from audit_log order by seq`.execute(db);
    await sql`drop table audit_log`.execute(db);
    await sql`alter table audit_log_new rename to audit_log`.execute(db);
    await db.schema.createIndex("audit_log_subject_idx").on("audit_log").columns(["subject_type", "subject_id", "seq"]).execute();
    await db.schema.createIndex("audit_log_actor_idx").on("audit_log").columns(["actor_id", "seq"]).execute();
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }

  await db.schema
    .createTable("audit_leaves")
    .addColumn("leaf_index", "bigint", (c) => c.primaryKey())
    .addColumn("audit_seq", "bigint", (c) => c.notNull().unique())
    .addColumn("sealed_at", "text", (c) => c.notNull())
    .execute();
  // Every complete subtree's hash: level 0 holds the leaves, idx counts from the left.
  await db.schema
    .createTable("audit_nodes")
    .addColumn("level", "integer", (c) => c.notNull())
    .addColumn("idx", "bigint", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("audit_nodes_pk", ["level", "idx"])
    .execute();
  await db.schema
    .createTable("audit_checkpoints")
    .addColumn("tree_size", "bigint", (c) => c.primaryKey())
    .addColumn("root_hash", "text", (c) => c.notNull())
    .addColumn("signed_at", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .execute();
  // One row per background job: who holds it and until when (app/jobs/lease.server.ts).
  await db.schema
    .createTable("job_leases")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();

  await guardSealedTables(db, postgres);
}

async function guardSealedTables(db: Kysely<any>, postgres: boolean): Promise<void> {
  // Its own function, so lifting audit_log's guard (which drops that one's) leaves these alone.
  if (postgres) {
    await sql`create or replace function audit_seal_refuse_change() returns trigger language plpgsql as $$
      begin raise exception '% is append-only', tg_table_name; end $$`.execute(db);
  }
  for (const table of SEALED_TABLES) {
    if (postgres) {
      await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
        for each row execute function audit_seal_refuse_change()`.execute(db);
      await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
        for each statement execute function audit_seal_refuse_change()`.execute(db);
    } else {
      await sql`create trigger ${sql.id(`${table}_no_update`)} before update on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
      await sql`create trigger ${sql.id(`${table}_no_delete`)} before delete on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
    }
  }
}

async function unguardSealedTables(db: Kysely<any>, postgres: boolean): Promise<void> {
  for (const table of SEALED_TABLES) {
    if (postgres) {
      await sql`drop trigger if exists ${sql.id(`${table}_append_only`)} on ${sql.table(table)}`.execute(db);
      await sql`drop trigger if exists ${sql.id(`${table}_no_truncate`)} on ${sql.table(table)}`.execute(db);
    } else {
      await sql`drop trigger if exists ${sql.id(`${table}_no_update`)}`.execute(db);
      await sql`drop trigger if exists ${sql.id(`${table}_no_delete`)}`.execute(db);
    }
  }
}

/** Used by the tests' insider: lifts and restores the guards on the sealed tables alone. */
export async function liftSealGuards(db: Kysely<any>): Promise<void> {
  await unguardSealedTables(db, db.getExecutor().adapter instanceof PostgresAdapter);
}

export async function restoreSealGuards(db: Kysely<any>): Promise<void> {
  await guardSealedTables(db, db.getExecutor().adapter instanceof PostgresAdapter);
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await unguardSealedTables(db, postgres);
  if (postgres) await sql`drop function audit_seal_refuse_change()`.execute(db);
  for (const table of ["job_leases", "audit_checkpoints", "audit_nodes", "audit_leaves"]) await db.schema.dropTable(table).execute();
  // The old chain cannot be rebuilt faithfully: the columns come back empty.
  if (postgres) {
    await sql`drop index audit_log_tx_idx`.execute(db);
    await sql`alter table audit_log drop column tx`.execute(db);
    await sql`alter table audit_log add column prev_hash text not null default '', add column hash text not null default ''`.execute(db);
    await sql`alter table audit_log alter column seq drop default`.execute(db);
    await sql`drop sequence audit_log_seq_seq`.execute(db);
  } else {
    await sql`alter table audit_log add column prev_hash text not null default ''`.execute(db);
    await sql`alter table audit_log add column hash text not null default ''`.execute(db);
  }
}
