import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { requireSession } from "~/access/guards.server";
import { auditActor } from "~/audit/audit-log.server";
import { confirmationRequired, formConfirmer } from "~/auth/change-confirmation.server";
import { signalIdentity } from "~/auth/passkey-ceremonies.server";
import { registerPasskey } from "~/auth/passkey-client";
import { signalAllAcceptedCredentials, signalCurrentUserDetails } from "~/auth/passkey-signals";
import { listPasskeys, removePasskey, renamePasskey } from "~/auth/passkeys.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ConfirmableForm, useConfirmChange } from "~/components/change-confirmation";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";

export const meta: MetaFunction = () => [{ title: "Passkeys · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const session = await requireSession(args);
  const [passkeys, signal] = await Promise.all([listPasskeys(session.user.id), signalIdentity(session.user)]);
  return { passkeys, csrfToken: session.csrfToken, signal };
}

// A function, not a module-level value: zod calls at import time would ship zod to the browser.
const schema = () =>
  z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("rename"),
    passkeyId: z.string().min(1).max(1024),
    name: z.string({ required_error: "Enter a name for this passkey" }).trim().min(1, "Enter a name for this passkey").max(60, "Use 60 characters or fewer"),
  }),
  z.object({ intent: z.literal("remove"), passkeyId: z.string().min(1).max(1024) }),
]);

export async function action(args: ActionFunctionArgs) {
  const session = await requireSession(args);
  const form = await args.request.formData();
  const submission = parseWithZod(form, { schema: schema() });
  if (submission.status !== "success") {
    return Response.json({ ok: false, errors: submission.error ?? {}, passkeyId: null }, { status: 400 });
  }
  const input = submission.value;
  if (input.intent === "rename") {
    const audit = { ...auditActor(session.user, args.context), action: "passkey.renamed", subjectType: "user", subjectId: session.user.id, details: { passkey: input.passkeyId.slice(0, 12), name: input.name } };
    if (!(await renamePasskey(session.user.id, input.passkeyId, input.name, audit))) throw new Response("Not Found", { status: 404 });
    return Response.json({ ok: true, message: `Renamed to “${input.name}”.`, signal: "renamed" });
  }
  let result;
  try {
    const person = { userId: session.user.id, role: session.user.roles[0] ?? null, ip: args.context.ip, userAgent: args.context.userAgent };
    result = await removePasskey(person, input.passkeyId, formConfirmer(session, args.context, form));
  } catch (error) {
    const ask = confirmationRequired(error);
    if (ask) return data(ask, { status: 403 });
    throw error;
  }
  if (result === "not_found") throw new Response("Not Found", { status: 404 });
  if (result === "last_passkey") {
    return Response.json({ ok: false, message: "You can't remove your only passkey. Add another one first." }, { status: 409 });
  }
  // The passkeys still accepted, read after the removal, for the browser's Signal API.
  const accepted = (await listPasskeys(session.user.id)).map((passkey) => passkey.id);
  return Response.json({ ok: true, message: "Passkey removed. It can no longer sign in to Strongroom.", signal: "removed", accepted });
}

type ActionResult = { ok?: boolean; message?: string; errors?: Record<string, string[] | null>; passkeyId?: string | null; signal?: "removed" | "renamed"; accepted?: string[] };

export default function Passkeys() {
  const { passkeys, csrfToken, signal } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const [params] = useSearchParams();
  const revalidator = useRevalidator();
  const confirm = useConfirmChange();
  const [added, setAdded] = useState<{ ok: boolean; message: string } | null>(null);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  // Tell the device's passkey provider what changed here.
  // Once per answer: revalidation hands the page new loader data for the same answer.
  const signalled = useRef<ActionResult | null>(null);
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

  const nameError = result?.errors?.name?.[0];
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
          <a href="#rename-name-0" className="text-red-800">
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
                  <input id={`rename-name-${index}`} name="name" maxLength={60} required className="rounded border-2 border-slate-500 px-2 py-1" />
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
