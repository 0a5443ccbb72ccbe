import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { registerPasskey } from "~/auth/passkey-client";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary, type FieldError } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { TextField } from "~/components/text-field";
import { pageCsrfToken } from "~/session/pre-sign-in.server";

export const meta: MetaFunction = () => [{ title: "Set up your passkey · Strongroom" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // No database write: a visitor's token is bound to a cookie (see pre-sign-in.server.ts).
  return { csrfToken: await pageCsrfToken(request, context) };
}

// Reached only when the form is sent without JavaScript: a passkey can only be created by
// the browser's WebAuthn API, so say so instead of failing silently.
export async function action() {
  return Response.json(
    { errors: [{ field: "email", message: "Creating a passkey needs JavaScript. Please turn it on and try again." }] },
    { status: 400 },
  );
}

export default function Enrol() {
  const { csrfToken } = useLoaderData<typeof loader>();
  const noScript = useActionData<{ errors: FieldError[] }>();
  const [errors, setErrors] = useState<FieldError[]>(noScript?.errors ?? []);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const code = String(form.get("code") ?? "").trim();
    const problems: FieldError[] = [];
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ field: "email", message: "Enter your email address, like name@example.com" });
    if (code.replace(/[\s-]/g, "").length < 12) problems.push({ field: "code", message: "Enter the 12-character code from your enrolment letter or email" });
    setErrors(problems);
    if (problems.length > 0) return;
    setBusy(true);
    try {
      const target = await registerPasskey(csrfToken, { enrolment: { email, code } });
      if (target) window.location.assign(target);
    } catch (caught) {
      setErrors([{ field: "code", message: caught instanceof Error ? caught.message : "Please try again." }]);
      setBusy(false);
    }
  }

  const errorFor = (field: string) => errors.find((error) => error.field === field)?.message;
  return (
    <div className="max-w-xl">
      <PageHeading title="Set up your passkey">
        Enter your email and the one-time enrolment code we sent you. Your device will then create a passkey for Strongroom.
      </PageHeading>
      <ErrorSummary errors={errors} />
      <noscript>
        <p className="mb-4 rounded border border-amber-600 bg-amber-50 p-3">Creating a passkey needs JavaScript. Please turn it on.</p>
      </noscript>
      <form method="post" onSubmit={submit} noValidate className="space-y-4">
        <AuthenticityField />
        <TextField id="email" label="Email address" type="email" autoComplete="email" error={errorFor("email")} required />
        <TextField
          id="code"
          label="Enrolment code"
          hint="12 letters and numbers, for example 7KQ2-M9XD-3H4P. It works once, for 24 hours."
          autoComplete="one-time-code"
          spellCheck={false}
          error={errorFor("code")}
          required
        />
        <button type="submit" disabled={busy} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          {busy ? "Waiting for your device…" : "Create my passkey"}
        </button>
      </form>
      <p className="mt-8">
        Already have a passkey? <Link to="/sign-in">Sign in</Link>.
      </p>
    </div>
  );
}
