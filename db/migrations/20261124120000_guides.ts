import { sql, type Kysely } from "kysely";

// Editors' revisions of the security guides. content/guides/*.mdx only seeds revision 1 of
// each guide; from then on the database is the source of truth.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("guides")
    .addColumn("slug", "text", (c) => c.primaryKey())
    // No foreign key: guide_revisions references guides, and the cycle would make inserts order-dependent.
    .addColumn("published_revision_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("guide_revisions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().references("guides.slug").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    // null for the revisions imported from the shipped files: no person wrote them in the app
    .addColumn("author_id", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("review_comment", "text")
    .addColumn("restored_from", "text")
    .addUniqueConstraint("guide_revisions_slug_number_uq", ["slug", "number"])
    .execute();
  // At most one draft or review in flight per guide, whatever the application code does.
  await db.schema
    .createIndex("guide_revisions_one_open_uq")
    .on("guide_revisions")
    .column("slug")
    .unique()
    .where(sql.ref("status"), "in", ["draft", "in_review"])
    .execute();
  await db.schema.createIndex("guide_revisions_status_idx").on("guide_revisions").column("status").execute();

  await db.schema
    .createTable("guide_renders")
    .addColumn("content_hash", "text", (c) => c.primaryKey())
    // JSON element tree (app/guides/guide-tree.ts), never HTML: the browser renders it without innerHTML
    .addColumn("tree", "text", (c) => c.notNull())
    .addColumn("frontmatter", "text", (c) => c.notNull())
    .addColumn("reading_minutes", "integer", (c) => c.notNull())
    .addColumn("compiled_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["guide_renders", "guide_revisions", "guides"]) await db.schema.dropTable(table).execute();
}
