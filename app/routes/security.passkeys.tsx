import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { requireSession } from "~/access/guards.server";
import { respondWith } from "~/access/page-outcome.server";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";
import { signalIdentity } from "~/auth/passkey-ceremonies.server";
import { registerPasskey } from "~/auth/passkey-client";
import { signalAllAcceptedCredentials, signalCurrentUserDetails } from "~/auth/passkey-signals";
import { changePasskeysFromForm, type PasskeysAnswer } from "~/auth/passkeys-form.server";
import { listPasskeys } from "~/auth/passkeys.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ConfirmableForm, useConfirmChange } from "~/components/change-confirmation";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";
import { replyErrors, replyValue } from "~/forms/reply-form";

export const meta: MetaFunction = () => [{ title: "Passkeys · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const session = await requireSession(args);
  const [passkeys, signal] = await Promise.all([listPasskeys(session.user.id), signalIdentity(session.user)]);
  return { passkeys, csrfToken: session.csrfToken, signal };
}

export async function action(args: ActionFunctionArgs) {
  const session = await requireSession(args);
  return respondWith(await changePasskeysFromForm(session, args.context, await args.request.formData()));
}

export default function Passkeys() {
  const { passkeys, csrfToken, signal } = useLoaderData<typeof loader>();
  const answer = useActionData<PasskeysAnswer | ConfirmationRequired>();
  const result = answer && "ok" in answer ? answer : undefined;
  const [params] = useSearchParams();
  const revalidator = useRevalidator();
  const confirm = useConfirmChange();
  const [added, setAdded] = useState<{ ok: boolean; message: string } | null>(null);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  // Tell the device's passkey provider what changed here.
  // Once per answer: revalidation hands the page new loader data for the same answer.
  const signalled = useRef<PasskeysAnswer | null>(null);
  useEffect(() => {
    if (!result || signalled.current === result) return;
    signalled.current = result;
    if (result.signal === "removed" && result.accepted) void signalAllAcceptedCredentials(signal, result.accepted);
    if (result.signal === "renamed") void signalCurrentUserDetails(signal);
  }, [result, signal]);

  async function addPasskey() {
    setAdded(null);
    try {
      if (await registerPasskey(csrfToken, { confirm })) {
        revalidator.revalidate();
        setAdded({ ok: true, message: "Passkey added. You can sign in with it from now on." });
      }
    } catch (caught) {
      setAdded({ ok: false, message: caught instanceof Error ? caught.message : "Please try again." });
    }
  }
  useEffect(() => setAdded(null), [result]);
  // One notice at a time: the newest of the form's answer and the add button's.
  const notice = added ?? (result?.message ? { ok: Boolean(result.ok), message: result.message } : null);

  // A refused rename names its passkey, so the error sits beside that passkey's field.
  const nameError = replyErrors(result?.reply).find((error) => error.field === "name")?.message;
  const refusedRow = nameError ? Math.max(0, passkeys.findIndex((passkey) => passkey.id === replyValue(result?.reply, "passkeyId"))) : -1;
  return (
    <div>
      <PageHeading title="Your passkeys">Each passkey can sign in to your account. Keep at least two, on different devices, so losing one doesn't lock you out.</PageHeading>
      {params.get("enrolled") ? (
        <p role="status" className="mb-4 rounded border border-brand-700 bg-brand-50 p-3">
          Your passkey is ready and you're signed in.
        </p>
      ) : null}
      {notice ? (
        <p role={notice.ok ? "status" : "alert"} className={`mb-4 rounded border p-3 ${notice.ok ? "border-brand-700 bg-brand-50" : "border-red-700 bg-red-50 text-red-800"}`}>
          {notice.message}
        </p>
      ) : null}
      {nameError ? (
        <div role="alert" className="mb-4 rounded border-2 border-red-700 bg-red-50 p-3">
          <h2 className="font-semibold text-red-800">There is a problem</h2>
          <a href={`#rename-name-${refusedRow}`} className="text-red-800">
            {nameError}
          </a>
        </div>
      ) : null}
      <ul className="space-y-4">
        {passkeys.map((passkey, index) => (
          <li key={passkey.id} className="rounded-lg border border-slate-300 bg-white p-4">
            <h2 className="text-lg font-semibold">{passkey.name}</h2>
            <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="font-semibold">Provider</dt>
              <dd>{passkey.deviceHint}</dd>
              <dt className="font-semibold">Added</dt>
              <dd>{formatDateTime(passkey.createdAt)}</dd>
              <dt className="font-semibold">Last used</dt>
              <dd>{formatDateTime(passkey.lastUsedAt)}</dd>
              <dt className="font-semibold">Synced</dt>
              <dd>{passkey.backedUp ? "Yes — backed up to your passkey provider" : "No — only on this device"}</dd>
            </dl>
            <div className="mt-3 flex flex-wrap items-end gap-4">
              <Form method="post" className="flex items-end gap-2">
                <AuthenticityField />
                <input type="hidden" name="intent" value="rename" />
                <input type="hidden" name="passkeyId" value={passkey.id} />
                <div>
                  <label htmlFor={`rename-name-${index}`} className="block text-sm font-semibold">
                    New name for {passkey.name}
                  </label>
                  {index === refusedRow ? (
                    <p id="rename-name-error" className="text-sm font-semibold text-red-700">
                      {nameError}
                    </p>
                  ) : null}
                  <input
                    id={`rename-name-${index}`}
                    name="name"
                    maxLength={60}
                    required
                    aria-invalid={index === refusedRow || undefined}
                    aria-describedby={index === refusedRow ? "rename-name-error" : undefined}
                    defaultValue={index === refusedRow ? replyValue(result?.reply, "name") : undefined}
                    className={`rounded border-2 px-2 py-1 ${index === refusedRow ? "border-red-700" : "border-slate-500"}`}
                  />
                </div>
                <button type="submit" className="rounded border border-slate-500 px-3 py-1">
                  Rename
                </button>
              </Form>
              <ConfirmableForm formKey={`remove:${passkey.id.slice(0, 64)}`}>
                <AuthenticityField />
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="passkeyId" value={passkey.id} />
                <button type="submit" className="rounded border border-red-700 px-3 py-1 text-red-800" aria-label={`Remove ${passkey.name}`}>
                  Remove
                </button>
              </ConfirmableForm>
            </div>
          </li>
        ))}
      </ul>
      {/* Sent in the HTML and dropped once the page's script runs: a <noscript> is not shown where scripts are blocked rather than switched off. */}
      {!hydrated ? (
        <p className="mt-6 rounded border border-amber-600 bg-amber-50 p-3">
          Adding a passkey needs JavaScript: your browser talks to your device's passkey provider through it. Please turn JavaScript on to add one.
        </p>
      ) : null}
      <button type="button" onClick={addPasskey} disabled={!hydrated} className="mt-6 rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
        Add a passkey
      </button>
    </div>
  );
}
