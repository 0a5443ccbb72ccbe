import { useEffect, useRef, useState } from "react";
import { confirmWithPasskey } from "~/auth/passkey-client";

interface Props {
  open: boolean;
  purpose: string;
  csrfToken: string;
  onConfirmed: () => void;
  onCancel: () => void;
}

/** Asks for a fresh passkey assertion, then hands control back to the action that needed it. */
export function StepUpDialog({ open, purpose, csrfToken, onConfirmed, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await confirmWithPasskey(csrfToken, purpose);
      onConfirmed();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Please try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} aria-labelledby="step-up-title" onCancel={onCancel} className="max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/50">
      <h2 id="step-up-title" className="text-xl font-semibold">
        Confirm it's you
      </h2>
      <p className="mt-2">To {purpose}, confirm with your passkey. This keeps someone who has your unlocked device from changing your security settings.</p>
      {error ? (
        <p role="alert" className="mt-3 rounded border border-red-700 bg-red-50 p-2 text-red-800">
          {error}
        </p>
      ) : null}
      <div className="mt-4 flex gap-3">
        <button type="button" onClick={confirm} disabled={busy} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          {busy ? "Waiting for your passkey…" : "Confirm with passkey"}
        </button>
        <button type="button" onClick={onCancel} className="rounded border border-slate-400 px-4 py-2">
          Cancel
        </button>
      </div>
    </dialog>
  );
}
