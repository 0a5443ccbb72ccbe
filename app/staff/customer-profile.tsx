import { Form, Link } from "@remix-run/react";
import { AuthenticityField } from "~/components/authenticity-field";
import { formatDateTime } from "~/format/dates";
import type { CustomerOverview } from "./customer-overview.server";
import { REVEAL_FIELD_LABELS, type RevealField } from "./reveal-options";
import { Section } from "./customer-sections";

type Profile = CustomerOverview["profile"];

function RevealLink({ customerId, field, show }: { customerId: string; field: RevealField; show: boolean }) {
  if (!show) return null;
  return (
    <Link to={`/staff/customers/${customerId}/reveal?field=${field}`} className="ml-3 text-sm">
      Reveal {REVEAL_FIELD_LABELS[field]}
    </Link>
  );
}

export function ProfileSection({ profile, canReveal, reEnrolLink }: { profile: Profile; canReveal: boolean; reEnrolLink: boolean }) {
  const revealable = (field: RevealField) => canReveal && profile.revealable.includes(field);
  return (
    <Section id="profile-heading" title="Profile" aside={reEnrolLink ? <Link to={`/staff/customers/${profile.id}/re-enrol`}>Propose re-enrolment</Link> : null}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-semibold">Customer number</dt>
        <dd className="font-mono">{profile.customerNumber}</dd>
        <dt className="font-semibold">Email</dt>
        <dd>
          <span className="font-mono">{profile.email}</span>
          <span className="sr-only"> (masked)</span>
          <RevealLink customerId={profile.id} field="email" show={revealable("email")} />
        </dd>
        <dt className="font-semibold">Phone</dt>
        <dd>
          {profile.phone ? (
            <>
              <span className="font-mono">{profile.phone}</span>
              <span className="sr-only"> (masked)</span>
            </>
          ) : (
            "None on file"
          )}
          <RevealLink customerId={profile.id} field="phone" show={revealable("phone")} />
        </dd>
        <dt className="font-semibold">Status</dt>
        <dd>{profile.status === "active" ? "Active" : "Locked"}</dd>
        <dt className="font-semibold">Customer since</dt>
        <dd>{formatDateTime(profile.memberSince)}</dd>
      </dl>
    </Section>
  );
}

interface Call {
  staffId: string;
  staffName: string;
  startedAt: string;
}

export function CallPanel({ call, myId }: { call: Call | null; myId: string }) {
  return (
    <Section id="call-heading" title="Verified call">
      {call ? (
        <p>
          {call.staffId === myId ? "You are" : `${call.staffName} is`} on a verified call with this customer since {formatDateTime(call.startedAt)}. The customer sees a
          banner naming {call.staffId === myId ? "you" : call.staffName} on every page of their portal.
        </p>
      ) : (
        <p>
          On the phone with this customer? Start a verified call: their portal then shows your first name, so they can tell you are really from
          Strongroom. It ends when you end it, or after 60 minutes.
        </p>
      )}
      <Form method="post" className="mt-3">
        <AuthenticityField />
        {call ? (
          <button type="submit" name="intent" value="end-call" className="rounded border border-slate-500 px-4 py-2 font-semibold hover:bg-slate-100">
            End the call
          </button>
        ) : (
          <button type="submit" name="intent" value="start-call" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            I'm on a call with this customer
          </button>
        )}
      </Form>
    </Section>
  );
}
