import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { registerPasskey } from "~/auth/passkey-client";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { TextField } from "~/components/text-field";
import { formProps, replyErrors, textFieldProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { enrolmentFormSchema } from "~/auth/enrolment-form.server";
import { pageCsrfToken } from "~/session/pre-sign-in.server";

export const meta: MetaFunction = () => [{ title: "Set up your passkey · Strongroom" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // No database write: a visitor's token is bound to a cookie (see pre-sign-in.server.ts).
  return { csrfToken: await pageCsrfToken(request, context) };
}

// Reached only when the form is sent without JavaScript: a passkey can only be created by
// the browser's WebAuthn API, so say so instead of failing silently.
export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: enrolmentFormSchema });
  const reply = submission.reply({ fieldErrors: { email: ["Creating a passkey needs JavaScript. Please turn it on and try again."] }, hideFields: ["_csrf"] });
  return data({ reply }, { status: 400 });
}

/** The same checks the server makes, before the device is asked for a passkey. */
function checkFields(email: string, code: string): FormReply | null {
  const error: Record<string, string[]> = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) error.email = ["Enter your email address, like name@example.com"];
  if (code.replace(/[\s-]/g, "").length < 12) error.code = ["Enter the 12-character code from your enrolment letter or email"];
  return Object.keys(error).length > 0 ? { status: "error", initialValue: { email, code }, error } : null;
}

export default function Enrol() {
  const { csrfToken } = useLoaderData<typeof loader>();
  const noScript = useActionData<{ reply: FormReply }>();
  // Conform's reply, from the server without JavaScript or from the checks and the ceremony here.
  const [reply, setReply] = useState<FormReply | undefined>(noScript?.reply);
  const [form, fields] = useReplyForm<{ email: string; code: string }>({ id: "enrol", lastResult: reply });
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const code = String(form.get("code") ?? "").trim();
    const problems = checkFields(email, code);
    setReply(problems ?? undefined);
    if (problems) return;
    setBusy(true);
    try {
      const target = await registerPasskey(csrfToken, { enrolment: { email, code } });
      if (target) window.location.assign(target);
    } catch (caught) {
      setReply({ status: "error", initialValue: { email, code }, error: { code: [caught instanceof Error ? caught.message : "Please try again."] } });
      setBusy(false);
    }
  }

  const errors = replyErrors(reply).map((error) => ({ ...error, field: `${form.id}-${error.field}` }));
  return (
    <div className="max-w-xl">
      <PageHeading title="Set up your passkey">
        Enter your email and the one-time enrolment code we sent you. Your device will then create a passkey for Strongroom.
      </PageHeading>
      <ErrorSummary errors={errors} />
      <noscript>
        <p className="mb-4 rounded border border-amber-600 bg-amber-50 p-3">Creating a passkey needs JavaScript. Please turn it on.</p>
      </noscript>
      <form method="post" onSubmit={submit} {...formProps(form)} className="space-y-4">
        <AuthenticityField />
        <TextField {...textFieldProps(fields.email)} label="Email address" type="email" autoComplete="email" required />
        <TextField
          {...textFieldProps(fields.code)}
          label="Enrolment code"
          hint="12 letters and numbers, for example 7KQ2-M9XD-3H4P. It works once, for 24 hours."
          autoComplete="one-time-code"
          spellCheck={false}
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
