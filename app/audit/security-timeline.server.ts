import { countryLabel } from "~/controls/control-labels";
import { db } from "~/db.server";
import { formatDayRange, formatShortDateTime } from "~/format/dates";

interface LabelInput {
  details: Record<string, unknown>;
  /** the person reading is the one the entry is about, not the staff member who acted */
  aboutReader: boolean;
  /** the card the entry is about, as the customer names it ("Everyday debit ••6160"), or "a card" */
  card: string;
}

type Label = string | ((entry: LabelInput) => string);

const text = (value: unknown, fallback: string) => (typeof value === "string" && value.length > 0 ? value : fallback);
const FIELD_WORDS: Record<string, string> = { email: "email address", phone: "phone number", address: "address", national_id: "national ID number" };
const fieldWords = (details: Record<string, unknown>) => FIELD_WORDS[String(details.field)] ?? "personal details";
const cardWords = (details: Record<string, unknown>) => (typeof details.last4 === "string" ? `card ending ${details.last4}` : "card");

/**
 * What staff do to a customer's account is on the customer's own timeline in words that
 * name it as the bank's doing; the staff member who did it reads the same row as their action.
 */
const STAFF_LABELS: Record<string, Label> = {
  "pii.revealed": ({ details, aboutReader }) =>
    aboutReader
      ? `A Strongroom staff member viewed your ${fieldWords(details)} — reason: ${text(details.reasonText, "not given")}`
      : `Viewed a customer's ${fieldWords(details)} — reason: ${text(details.reasonText, "not given")}`,
  "call.started": ({ details, aboutReader }) =>
    aboutReader ? `${text(details.staffName, "Strongroom support")} from Strongroom support started a verified call with you` : "Started a verified call with a customer",
  "call.ended": ({ aboutReader }) => (aboutReader ? "The verified call with Strongroom support ended" : "Ended a verified call with a customer"),
  "staff.card_frozen": ({ details, aboutReader }) => (aboutReader ? `Strongroom support froze your ${cardWords(details)}` : `Froze a customer's ${cardWords(details)}`),
  "staff.card_unfrozen": ({ details, aboutReader }) => (aboutReader ? `Strongroom support unfroze your ${cardWords(details)}` : `Unfroze a customer's ${cardWords(details)}`),
  "staff.signed_out_everywhere": ({ aboutReader }) => (aboutReader ? "Strongroom support signed you out on every device" : "Signed a customer out everywhere"),
  "approval.proposed": ({ details, aboutReader }) =>
    details.kind === "customer.re_enrol"
      ? aboutReader
        ? "Strongroom support proposed resetting your passkeys (a supervisor must approve)"
        : "Proposed re-enrolment for a customer"
      : aboutReader
        ? "A change to your account was proposed for a supervisor to approve"
        : "Proposed a change for approval",
  "approval.approved": ({ details, aboutReader }) =>
    aboutReader
      ? details.kind === "controls.loosen"
        ? "A Strongroom supervisor let your waiting change to card controls take effect now"
        : "A Strongroom supervisor approved a proposed change to your account"
      : "Approved a proposal",
  "approval.rejected": ({ aboutReader }) => (aboutReader ? "A Strongroom supervisor turned down a proposed change to your account" : "Rejected a proposal"),
  "review.resolved_fraud": ({ details, aboutReader }) =>
    aboutReader
      ? `Strongroom's fraud team confirmed fraud on your ${cardWords(details)}${details.froze ? " and froze it" : "; it stays frozen"}`
      : `Closed a case as fraud on a customer's ${cardWords(details)}`,
  "review.resolved_legitimate": ({ details, aboutReader }) =>
    aboutReader
      ? `Strongroom's fraud team found a payment on your ${cardWords(details)} was genuine and will let ${text(details.merchant, "that merchant")} through`
      : `Closed a case as genuine on a customer's ${cardWords(details)}`,
  "staff.re_enrolment_approved": ({ aboutReader }) =>
    aboutReader ? "Strongroom removed your passkeys and sent you a new enrolment code (approved by a supervisor)" : "Reset a customer's passkeys",
};

/**
 * A control change is stored in the imperative words the customer confirmed ("Block
 * gambling", "Set the daily spending limit to £4,000.00"); the timeline says what was done.
 */
const PAST: [RegExp, string][] = [
  [/^Block /, "Blocked "],
  [/^Unblock /, "Unblocked "],
  [/^Turn off /, "Turned off "],
  [/^Turn (.+) back on$/, "Turned $1 back on"],
  [/^Remove /, "Removed "],
  [/^Change /, "Changed "],
  [/^Allow payments: /, "Allowed payments "],
  [/^Allow /, "Allowed "],
  [/^Stop allowing /, "Stopped allowing "],
];
const pastTense = (words: string) => PAST.reduce((text, [from, to]) => (from.test(text) ? text.replace(from, to) : text), words);
const lowerFirst = (words: string) => words.charAt(0).toLowerCase() + words.slice(1);
const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

function changesMade({ details, card }: LabelInput): string {
  const changes = strings(details.changes).map(pastTense);
  return changes.length > 0 ? `${changes.join("; ")} on ${card}` : `Tightened the controls on ${card}`;
}

function changeAsked({ details, card }: LabelInput): string {
  const summary = text(details.summary, "");
  const when = typeof details.effectiveAt === "string" ? ` — takes effect ${formatShortDateTime(details.effectiveAt)}` : "";
  return summary ? `Asked to ${lowerFirst(summary)} on ${card}${when}` : `Asked to loosen the controls on ${card}${when}`;
}

function tripAdded({ details, card }: LabelInput): string {
  const where = strings(details.countries).map(countryLabel).join(", ") || "abroad";
  const when = typeof details.from === "string" && typeof details.to === "string" ? `, ${formatDayRange(details.from, details.to)}` : "";
  return `Added a trip to ${where}${when} on ${card}`;
}

const LABELS: Record<string, Label> = {
  ...STAFF_LABELS,
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
  "card.frozen": ({ card }) => `Froze ${card}`,
  "card.unfrozen": ({ card }) => `Unfroze ${card}`,
  "controls.changed": changesMade,
  "controls.change_requested": changeAsked,
  "controls.change_cancelled": ({ details, card }) => {
    const summary = text(details.summary, "");
    return summary ? `Cancelled the waiting change to ${lowerFirst(summary)} on ${card}` : `Cancelled a waiting change on ${card}`;
  },
  "controls.change_superseded": ({ card }) => `A newer change replaced a waiting change on ${card}`,
  "trip.added": tripAdded,
  "trip.cancelled": ({ card }) => `Cancelled a trip on ${card}`,
  "payment.confirmed_by_customer": ({ details, card }) => `Told us the ${text(details.merchant, "flagged")} payment on ${card} was you`,
  "payment.denied_by_customer": ({ details, card }) => `Reported the ${text(details.merchant, "flagged")} payment on ${card} as not you — the card was frozen`,
};

function cardName(cards: Map<string, string>, cardId: string | null, details: Record<string, unknown>): string {
  const named = cardId ? cards.get(cardId) : undefined;
  if (named) return named;
  return typeof details.last4 === "string" ? `your card ••${details.last4}` : "your card";
}

export interface TimelineEntry {
  seq: number;
  at: string;
  label: string;
  device: string | null;
  ip: string | null;
  /** sealed into the signed tree and the reader's own to prove (see inclusion-proof.server.ts) */
  provable: boolean;
}

/** The person's own slice of the audit log, newest first: what they did and what was tried against them. */
export async function securityTimeline(userId: string, limit = 100): Promise<TimelineEntry[]> {
  const rows = await db()
    .selectFrom("audit_log")
    .leftJoin("audit_leaves", "audit_leaves.audit_seq", "audit_log.seq")
    .select(["seq", "at", "action", "ip", "user_agent", "details", "actor_id", "subject_type", "subject_id", "audit_leaves.leaf_index"])
    .where((eb) => eb.or([eb("actor_id", "=", userId), eb.and([eb("subject_type", "=", "user"), eb("subject_id", "=", userId)])]))
    .where("action", "in", Object.keys(LABELS))
    .orderBy("seq", "desc")
    .limit(limit)
    .execute();
  // Cards named as the customer knows them; staff may read this too, so only this person's own cards.
  const cardIds = [...new Set(rows.filter((row) => row.subject_type === "card" && row.subject_id).map((row) => row.subject_id as string))];
  const cards = new Map(
    cardIds.length === 0
      ? []
      : (await db().selectFrom("cards").select(["id", "name", "last4"]).where("id", "in", cardIds).where("customer_id", "=", userId).execute()).map((card) => [card.id, `${card.name} ••${card.last4}`]),
  );
  return rows.map((row) => {
    let details: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(row.details);
      if (parsed && typeof parsed === "object") details = parsed as Record<string, unknown>;
    } catch {
      details = {};
    }
    const device = typeof details.device === "string" ? details.device : null;
    const label = LABELS[row.action] ?? row.action;
    const aboutReader = row.subject_type === "user" && row.subject_id === userId;
    // A staff member's own device and address are theirs, not the customer's to see.
    const staffAction = row.action in STAFF_LABELS && aboutReader && row.actor_id !== userId;
    return {
      seq: row.seq,
      at: row.at,
      label: typeof label === "string" ? label : label({ details, aboutReader, card: cardName(cards, row.subject_type === "card" ? row.subject_id : null, details) }),
      device: staffAction ? "Strongroom staff" : device,
      ip: staffAction ? null : row.ip,
      provable: row.leaf_index !== null && (row.actor_id === userId || (row.actor_id === null && aboutReader)),
    };
  });
}
