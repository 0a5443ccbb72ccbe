import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { browserSupportsWebAuthnAutofill, WebAuthnAbortService } from "@simplewebauthn/browser";
import { useEffect, useRef, useState } from "react";
import { optionalUser } from "~/access/guards.server";
import { PasskeyFlowError, signInWithPasskey } from "~/auth/passkey-client";
import { safeReturnPath } from "~/auth/safe-return-path";
import { PageHeading } from "~/components/page-heading";
import { pageCsrfToken } from "~/session/pre-sign-in.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const url = new URL(args.request.url);
  // No return path means "where my role works", decided by the server after the passkey.
  const returnTo = safeReturnPath(url.searchParams.get("returnTo"), "");
  const user = await optionalUser(args);
  // No database write: a visitor's token is bound to a cookie (see pre-sign-in.server.ts).
  const csrfToken = await pageCsrfToken(args.request, args.context);
  return { csrfToken, returnTo, signedInAs: user?.displayName ?? null, expired: url.searchParams.has("expired") };
}

export default function SignIn() {
  const { csrfToken, returnTo, signedInAs, expired } = useLoaderData<typeof loader>();
  const [error, setError] = useState<{ message: string; noPasskey: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  // Passkey autofill: the browser offers saved passkeys in the field below.
  const autofill = useRef<{ wanted: boolean; settled: Promise<void> } | null>(null);
  useEffect(() => {
    const task = { wanted: true, settled: Promise.resolve() };
    task.settled = (async () => {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      try {
        const target = await signInWithPasskey(csrfToken, returnTo, { stillWanted: () => task.wanted });
        if (task.wanted) window.location.assign(target);
      } catch {
        // The autofill request is cancelled whenever the button starts its own; nothing to show.
      }
    })();
    autofill.current = task;
    return () => {
      task.wanted = false;
      WebAuthnAbortService.cancelCeremony();
    };
  }, [csrfToken, returnTo]);

  async function signIn() {
    setBusy(true);
    setError(null);
    // One challenge per sign-in attempt: let the autofill's ceremony wind down first, or its
    // options (asked for later) would replace the challenge the button's passkey signs.
    const pending = autofill.current;
    if (pending?.wanted) {
      pending.wanted = false;
      WebAuthnAbortService.cancelCeremony();
      await pending.settled;
    }
    try {
      window.location.assign(await signInWithPasskey(csrfToken, returnTo));
    } catch (caught) {
      setError({ message: caught instanceof Error ? caught.message : "Please try again.", noPasskey: caught instanceof PasskeyFlowError && caught.kind === "no-passkey" });
      setBusy(false);
    }
  }

  return (
    <div className="max-w-xl">
      <PageHeading title="Sign in">Strongroom uses passkeys: sign in with your fingerprint, face or device PIN. There is no password to steal.</PageHeading>
      {expired ? (
        <p role="status" className="mb-4 rounded border border-amber-600 bg-amber-50 p-3">
          You were signed out because you were inactive. Please sign in again.
        </p>
      ) : null}
      {signedInAs ? <p className="mb-4">You're signed in as {signedInAs}. Signing in again switches account.</p> : null}
      {error ? (
        <div role="alert" className="mb-4 rounded border-2 border-red-700 bg-red-50 p-3 text-red-800">
          <p>{error.message}</p>
          {error.noPasskey ? (
            <ul className="mt-2 list-disc pl-5">
              <li>
                <Link to="/enrol" className="text-red-900">Set up a passkey on this device with your enrolment code</Link>
              </li>
              <li>
                <Link to="/security/guides/passkeys-explained" className="text-red-900">How to sign in with a passkey on your phone</Link>
              </li>
            </ul>
          ) : null}
        </div>
      ) : null}
      <noscript>
        <p className="mb-4 rounded border border-amber-600 bg-amber-50 p-3">Passkeys need JavaScript. Please turn it on to sign in.</p>
      </noscript>
      <div className="space-y-4">
        <div className="space-y-1">
          <label htmlFor="passkey-autofill" className="block font-semibold">
            Your passkey
          </label>
          <p id="passkey-autofill-hint" className="text-sm text-slate-600">
            Choose a saved passkey from the suggestions, or use the button.
          </p>
          <input
            id="passkey-autofill"
            name="username"
            type="text"
            autoComplete="username webauthn"
            aria-describedby="passkey-autofill-hint"
            className="block w-full max-w-md rounded border-2 border-slate-500 px-3 py-2"
          />
        </div>
        <button type="button" onClick={signIn} disabled={busy} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          {busy ? "Waiting for your passkey…" : "Sign in with a passkey"}
        </button>
      </div>
      <p className="mt-8">
        New to Strongroom, or lost your passkey? <Link to="/enrol">Set up a passkey with your enrolment code</Link>.
      </p>
    </div>
  );
}
