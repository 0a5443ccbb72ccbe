import { Link } from "@remix-run/react";

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap gap-6 px-4 py-6 text-sm text-slate-700">
        <p>Strongroom will never ask you for a code, to approve a passkey for someone else, or to move money to a “safe account”.</p>
        <Link to="/security/guides">Security center: guides to protect yourself</Link>
      </div>
    </footer>
  );
}
