import { Form, useActionData, useSubmit, type FormProps } from "@remix-run/react";
import type { AuthenticationResponseJSON } from "@simplewebauthn/browser";
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { CONFIRMATION_FIELD, FORM_KEY_FIELD, isConfirmationRequired, type ConfirmationPrompt } from "~/auth/change-confirmation-fields";

/**
 * The browser half of change confirmation (app/auth/change-confirmation.server.ts). When an
 * action answers `confirmation_required`, a modal dialog opens at once over the page, wherever
 * it is scrolled, with the server's words for the change; the passkey is asked with the
 * server's options (a challenge derived from exactly that change), and the same form is sent
 * again with the assertion attached. Focus moves into the dialog and back to the button that
 * asked. Nothing here sets styles or HTML at run time, so it works under our Trusted Types CSP.
 */

type Ask = (prompt: ConfirmationPrompt) => Promise<AuthenticationResponseJSON | null>;

const AskContext = createContext<Ask | null>(null);

/** For buttons that call fetch (adding a passkey): resolves with the assertion, or null if cancelled. */
export function useConfirmChange(): Ask {
  const ask = useContext(AskContext);
  if (!ask) throw new Error("useConfirmChange needs <ChangeConfirmationProvider> above it");
  return ask;
}

/** Once, around the app: owns the one dialog every sensitive form and button uses. */
export function ChangeConfirmationProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<{ prompt: ConfirmationPrompt; resolve: (assertion: AuthenticationResponseJSON | null) => void } | null>(null);
  const ask = useCallback<Ask>((prompt) => new Promise((resolve) => setRequest({ prompt, resolve })), []);
  const done = useCallback(
    (assertion: AuthenticationResponseJSON | null) => {
      request?.resolve(assertion);
      setRequest(null);
    },
    [request],
  );
  return (
    <AskContext.Provider value={ask}>
      {children}
      <ConfirmChangeDialog prompt={request?.prompt ?? null} onDone={done} />
    </AskContext.Provider>
  );
}

function explain(error: unknown): string {
  if (error instanceof Error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
    return "The passkey request was cancelled or timed out. Nothing was saved. Try again, or cancel.";
  }
  return "Your browser couldn't use a passkey here. Nothing was saved. Please try again.";
}

function ConfirmChangeDialog({ prompt, onDone }: { prompt: ConfirmationPrompt | null; onDone: (assertion: AuthenticationResponseJSON | null) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The last prompt stays rendered while the dialog closes, so it never flashes empty.
  const [shown, setShown] = useState<ConfirmationPrompt | null>(null);
  const titleId = useId();
  const wordsId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element || !prompt) return;
    setShown(prompt);
    setError(null);
    setBusy(false);
    if (!element.open) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
    }
    confirmButton.current?.focus();
  }, [prompt]);

  function finish(assertion: AuthenticationResponseJSON | null) {
    dialog.current?.close();
    onDone(assertion);
    const back = returnFocus.current;
    if (back?.isConnected) back.focus();
  }

  async function confirm() {
    if (busy || !shown) return;
    setBusy(true);
    setError(null);
    try {
      // Loaded when first needed: every page carries this dialog, few pages ever open it.
      const { startAuthentication } = await import("@simplewebauthn/browser");
      finish(await startAuthentication({ optionsJSON: shown.options }));
    } catch (caught) {
      setError(explain(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      aria-describedby={wordsId}
      onCancel={(event) => {
        event.preventDefault();
        finish(null);
      }}
      className="m-auto w-[min(34rem,calc(100%-2rem))] rounded-lg border border-slate-300 bg-white p-6 text-slate-900 shadow-2xl backdrop:bg-slate-900/60"
    >
      <h2 id={titleId} className="text-xl font-semibold">
        Confirm this change with your passkey
      </h2>
      {shown?.problem ? (
        <p role="alert" className="mt-3 rounded border-2 border-red-700 bg-red-50 p-3 text-red-800">
          {shown.problem}
        </p>
      ) : null}
      <p className="mt-4 text-sm font-semibold text-slate-700">You asked to:</p>
      <p id={wordsId} className="mt-1 rounded border-l-4 border-brand-700 bg-brand-50 p-3 text-lg">
        {shown?.words}
      </p>
      <p className="mt-4 text-sm text-slate-700">
        Your passkey confirms exactly this change, once, and nothing else. It keeps someone holding your unlocked device from loosening your protections.
      </p>
      {error ? (
        <p role="alert" className="mt-3 rounded border-2 border-red-700 bg-red-50 p-3 text-red-800">
          {error}
        </p>
      ) : null}
      <div className="mt-5 flex flex-wrap gap-3">
        <button ref={confirmButton} type="button" onClick={confirm} aria-disabled={busy} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          {busy ? "Waiting for your passkey…" : "Confirm with passkey"}
        </button>
        <button type="button" onClick={() => finish(null)} className="rounded border border-slate-500 px-4 py-2">
          Cancel
        </button>
      </div>
      <p role="status" className="sr-only">
        {busy ? "Waiting for your passkey" : ""}
      </p>
    </dialog>
  );
}

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * A form whose change may need a passkey confirmation: a Remix `<Form>` that, when its action
 * answers `confirmation_required`, opens the dialog and sends the same values again with the
 * assertion. `formKey` tells this form's refusal from another's on the same page; the notice
 * beside the form stays after a cancel (and is what a browser without JavaScript sees).
 */
export function ConfirmableForm({ formKey, children, onSubmit, ...props }: FormProps & { formKey: string }) {
  const ask = useContext(AskContext);
  const actionData = useActionData<unknown>();
  const submit = useSubmit();
  const hydrated = useHydrated();
  const form = useRef<HTMLFormElement>(null);
  const sent = useRef<FormData | null>(null);
  const handled = useRef<unknown>(null);
  const prompt = isConfirmationRequired(actionData) && actionData.confirmation.form === formKey ? actionData.confirmation : null;

  const confirmAndResend = useCallback(
    async (current: ConfirmationPrompt) => {
      const values = sent.current ?? (form.current ? new FormData(form.current) : null);
      if (!ask || !values) return;
      const assertion = await ask(current);
      if (!assertion) return;
      const again = new FormData();
      for (const [name, value] of values) if (name !== CONFIRMATION_FIELD) again.append(name, value);
      again.set(CONFIRMATION_FIELD, JSON.stringify(assertion));
      submit(again, { method: "post", action: props.action });
    },
    [ask, submit, props.action],
  );

  // A new refusal for this form (the first answer, or a refused confirmation): ask at once.
  useEffect(() => {
    if (!prompt || handled.current === actionData || !sent.current) return;
    handled.current = actionData;
    void confirmAndResend(prompt);
  }, [prompt, actionData, confirmAndResend]);

  function remember(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    sent.current = new FormData(event.currentTarget, submitter instanceof HTMLElement ? submitter : null);
    onSubmit?.(event);
  }

  return (
    <Form ref={form} method="post" onSubmit={remember} {...props}>
      <input type="hidden" name={FORM_KEY_FIELD} value={formKey} />
      {children}
      {prompt ? (
        <div className="mt-3 rounded border-2 border-amber-700 bg-amber-50 p-3">
          <p className="font-semibold">Not saved yet: confirm this change with your passkey.</p>
          <p className="mt-1">{prompt.words}</p>
          {hydrated ? (
            <button type="button" onClick={() => void confirmAndResend(prompt)} className="mt-2 rounded bg-brand-700 px-3 py-1.5 font-semibold text-white hover:bg-brand-800">
              Confirm with passkey
            </button>
          ) : (
            <p className="mt-1">Passkeys need JavaScript. Please turn it on and try again.</p>
          )}
        </div>
      ) : null}
    </Form>
  );
}
