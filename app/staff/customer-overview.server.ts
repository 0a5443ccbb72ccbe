import { listAccounts, type AccountSummary } from "~/accounts/accounts.server";
import { recordAuditEvent } from "~/audit/audit-log.server";
import { securityTimeline, type TimelineEntry } from "~/audit/security-timeline.server";
import { deviceLabel } from "~/auth/devices.server";
import { cardPage, listCards } from "~/cards/cards.server";
import { now } from "~/clock.server";
import { decryptField } from "~/crypto/field-encryption.server";
import { db } from "~/db.server";
import { IDLE_TIMEOUT_MS } from "~/session/session.server";
import { formatCustomerNumber, maskCard, maskEmail, maskPhone } from "~/users/masking";
import { phoneMaskParts } from "~/users/search-keys.server";
import { EMAIL_PURPOSE, PHONE_PURPOSE } from "~/users/users.server";
import { describeControls } from "./controls-summary";
import type { RevealField } from "./reveal-options";
import { auditedStaffAction, requireCustomer, type StaffActor } from "./staff-actor.server";
import { activeCall, type ActiveCall } from "./verified-calls.server";

export interface StaffCardView {
  id: string;
  name: string;
  number: string;
  last4: string;
  brand: string;
  status: string;
  accountName: string;
  controls: string[];
  pending: { id: string; summary: string; effectiveAt: string }[];
}

export interface StaffPaymentView {
  id: string;
  createdAt: string;
  card: string;
  merchantName: string;
  amountMinor: number;
  currency: string;
  approved: boolean;
  title: string;
  message: string;
  riskLevel: string;
  signals: string[];
  customerResponse: "confirmed" | "denied" | null;
}

export interface CustomerOverview {
  profile: {
    id: string;
    displayName: string;
    customerNumber: string;
    email: string;
    phone: string | null;
    status: string;
    memberSince: string;
    revealable: RevealField[];
  };
  accounts: AccountSummary[];
  cards: StaffCardView[];
  payments: StaffPaymentView[];
  reviewItems: { id: string; kind: string; card: string; openedAt: string }[];
  timeline: TimelineEntry[];
  sessions: { device: string; createdAt: string; lastSeenAt: string }[];
  call: ActiveCall | null;
}

const RECENT_PAYMENTS = 15;

const REVIEW_KIND_WORDS: Record<string, string> = {
  high_risk: "High-risk payment declined",
  customer_denied: "Customer said a payment wasn't them",
};

function signalWords(json: string): string[] {
  try {
    const signals = JSON.parse(json) as { detail?: unknown }[];
    return signals.map((signal) => (typeof signal.detail === "string" ? signal.detail : "")).filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Everything support sees about one customer, masked, read-only. The card, control and
 * decision views are the customer's own (cardPage), so both sides read the same words.
 */
export function customerOverview(actor: StaffActor, customerId: string): Promise<CustomerOverview> {
  // Who looked at whose account is on record (not on the customer's timeline: a masked view shows nothing new).
  return auditedStaffAction(actor, "staff.customer_viewed", customerId, async () => {
    const overview = await readOverview(customerId);
    await recordAuditEvent({ actorId: actor.id, actorRole: actor.role, action: "staff.customer_viewed", subjectType: "user", subjectId: customerId, ip: actor.ip, userAgent: actor.userAgent });
    return overview;
  });
}

async function readOverview(customerId: string): Promise<CustomerOverview> {
  const at = now();
  const customer = await requireCustomer(db(), customerId);
  const phone = customer.phone_enc ? decryptField(customer.phone_enc, PHONE_PURPOSE) : null;
  const cardList = await listCards(customerId);
  const [accounts, pages, reviewRows, timeline, sessionRows, call] = await Promise.all([
    listAccounts(customerId),
    Promise.all(cardList.map((card) => cardPage(customerId, card.id, at))),
    db()
      .selectFrom("review_items")
      .innerJoin("cards", "cards.id", "review_items.card_id")
      .select(["review_items.id", "review_items.kind", "review_items.opened_at", "cards.last4"])
      .where("review_items.customer_id", "=", customerId)
      .where("review_items.status", "=", "open")
      .orderBy("review_items.opened_at", "asc")
      .limit(50)
      .execute(),
    securityTimeline(customerId, 30),
    db()
      .selectFrom("sessions")
      .select(["user_agent", "created_at", "last_seen_at"])
      .where("user_id", "=", customerId)
      .where("revoked_at", "is", null)
      .where("last_seen_at", ">", new Date(at.getTime() - IDLE_TIMEOUT_MS).toISOString())
      .orderBy("last_seen_at", "desc")
      .execute(),
    activeCall(customerId),
  ]);

  const cards: StaffCardView[] = pages.flatMap((page) =>
    page
      ? [
          {
            id: page.card.id,
            name: page.card.name,
            number: maskCard(page.card.last4),
            last4: page.card.last4,
            brand: page.card.brand,
            status: page.card.status,
            accountName: page.card.accountName,
            controls: describeControls(page.settings, page.currency),
            pending: page.pending.map((change) => ({ id: change.id, summary: change.summary, effectiveAt: change.effectiveAt })),
          },
        ]
      : [],
  );

  const recent = pages
    .flatMap((page) => (page ? page.authorizations.map((authorization) => ({ authorization, card: maskCard(page.card.last4) })) : []))
    .sort((a, b) => b.authorization.createdAt.localeCompare(a.authorization.createdAt))
    .slice(0, RECENT_PAYMENTS);
  const riskRows =
    recent.length === 0
      ? []
      : await db().selectFrom("authorizations").select(["id", "risk_level", "risk_signals"]).where("id", "in", recent.map((entry) => entry.authorization.id)).execute();
  const risk = new Map(riskRows.map((row) => [row.id, row]));

  return {
    profile: {
      id: customer.id,
      displayName: customer.display_name,
      customerNumber: formatCustomerNumber(customer.customer_number),
      email: maskEmail(decryptField(customer.email_enc, EMAIL_PURPOSE)),
      phone: phone ? maskPhone(phoneMaskParts(phone)) : null,
      status: customer.status,
      memberSince: customer.created_at,
      revealable: phone ? ["email", "phone"] : ["email"],
    },
    accounts,
    cards,
    payments: recent.map(({ authorization, card }) => ({
      id: authorization.id,
      createdAt: authorization.createdAt,
      card,
      merchantName: authorization.merchantName,
      amountMinor: authorization.amountMinor,
      currency: authorization.currency,
      approved: authorization.approved,
      title: authorization.title,
      message: authorization.message,
      riskLevel: risk.get(authorization.id)?.risk_level ?? "low",
      signals: signalWords(risk.get(authorization.id)?.risk_signals ?? "[]"),
      customerResponse: authorization.customerResponse,
    })),
    reviewItems: reviewRows.map((row) => ({ id: row.id, kind: REVIEW_KIND_WORDS[row.kind] ?? row.kind, card: maskCard(row.last4), openedAt: row.opened_at })),
    timeline,
    sessions: sessionRows.map((row) => ({ device: deviceLabel(row.user_agent), createdAt: row.created_at, lastSeenAt: row.last_seen_at })),
    call,
  };
}
