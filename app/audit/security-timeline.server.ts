import { db } from "~/db.server";

const LABELS: Record<string, string> = {
  "sign_in.succeeded": "Signed in",
  "sign_in.failed": "Failed sign-in attempt",
  "sign_in.rate_limited": "Sign-in attempts paused after too many tries",
  "session.signed_out": "Signed out",
  "session.signed_out_everywhere": "Signed out everywhere",
  "session.revoked": "Signed out a device",
  "session.expired.idle": "Signed out after inactivity",
  "session.expired.absolute": "Signed out at the end of the maximum session length",
  "passkey.enrolled": "Set up a first passkey",
  "passkey.added": "Added a passkey",
  "passkey.renamed": "Renamed a passkey",
  "passkey.removed": "Removed a passkey",
  "passkey.counter_regressed": "Refused a passkey that looked copied",
  "passkey.registration_failed": "A passkey could not be added",
  "enrolment.failed": "Wrong enrolment code entered",
  // Kept for entries written before change confirmations replaced the five-minute window.
  "step_up.succeeded": "Confirmed it was you with a passkey",
  "confirmation.confirmed": "Confirmed a change with a passkey",
  "confirmation.refused": "Refused a passkey confirmation that didn't match the change",
  "csrf.rejected": "Blocked a request from another website",
  "card.frozen": "Froze a card",
  "card.unfrozen": "Unfroze a card",
  "controls.changed": "Tightened card controls",
  "controls.change_requested": "Asked to loosen card controls (waits before taking effect)",
  "controls.change_cancelled": "Cancelled a waiting change to card controls",
  "controls.change_superseded": "Replaced a waiting change to card controls",
  "trip.added": "Added a trip",
  "trip.cancelled": "Cancelled a trip",
  "payment.confirmed_by_customer": "Confirmed a flagged payment was you",
  "payment.denied_by_customer": "Reported a payment that wasn't you (card frozen)",
};

export interface TimelineEntry {
  seq: number;
  at: string;
  label: string;
  device: string | null;
  ip: string | null;
}

/** The person's own slice of the audit log, newest first: what they did and what was tried against them. */
export async function securityTimeline(userId: string, limit = 100): Promise<TimelineEntry[]> {
  const rows = await db()
    .selectFrom("audit_log")
    .select(["seq", "at", "action", "ip", "user_agent", "details"])
    .where((eb) => eb.or([eb("actor_id", "=", userId), eb.and([eb("subject_type", "=", "user"), eb("subject_id", "=", userId)])]))
    .where("action", "in", Object.keys(LABELS))
    .orderBy("seq", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => {
    let device: string | null = null;
    try {
      const details = JSON.parse(row.details) as { device?: unknown };
      device = typeof details.device === "string" ? details.device : null;
    } catch {
      device = null;
    }
    return { seq: row.seq, at: row.at, label: LABELS[row.action] ?? row.action, device, ip: row.ip };
  });
}
