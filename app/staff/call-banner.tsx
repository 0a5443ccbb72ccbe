import { Link } from "@remix-run/react";

const CLOCK = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

export interface CallBannerData {
  staffName: string;
  startedAt: string;
}

/**
 * Shown to a customer on every page while a staff member has marked a call with them as
 * verified. Its absence is the point: a caller claiming to be us without it is not us.
 */
export function CallBanner({ call }: { call: CallBannerData }) {
  return (
    <section aria-label="Call with Strongroom" className="border-b-2 border-emerald-800 bg-emerald-50">
      <div className="mx-auto max-w-6xl px-4 py-3">
        <p className="font-semibold text-emerald-900">
          {call.staffName} from Strongroom support is on a call with you now (since {CLOCK.format(new Date(call.startedAt))} UTC).
        </p>
        <p className="text-sm text-emerald-900">
          If anyone on the phone says they are from Strongroom and you can't see this message, hang up.{" "}
          <Link to="/security/guides/what-we-never-ask" className="text-emerald-900">
            What we never ask
          </Link>
        </p>
      </div>
    </section>
  );
}
