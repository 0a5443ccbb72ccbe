import crypto from "node:crypto";
import { nowIso } from "~/clock.server";
import { db, type Db } from "~/db.server";

/**
 * Messages "sent" to people. Nothing leaves the machine: in development the outbox page
 * shows them; a real mail/SMS relay would read this table.
 */
export async function sendNotice(userId: string | null, subject: string, body: string, trx: Db = db()): Promise<void> {
  await trx.insertInto("outbox").values({ id: crypto.randomUUID(), user_id: userId, at: nowIso(), channel: "email", subject, body }).execute();
}

export async function recentOutbox(limit = 50) {
  return db()
    .selectFrom("outbox")
    .leftJoin("users", "users.id", "outbox.user_id")
    .select(["outbox.id", "outbox.at", "outbox.subject", "outbox.body", "users.display_name"])
    .orderBy("outbox.at", "desc")
    .limit(limit)
    .execute();
}
