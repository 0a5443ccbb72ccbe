import { useLocation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";

const WARN_BEFORE_MS = 2 * 60 * 1000;

/**
 * Tells a signed-in person two minutes before the 15-minute idle timeout, and lets them
 * stay signed in. The server decides expiry on its own; this only spares them a surprise.
 */
export function IdleWarning({ idleTimeoutMs, csrfToken }: { idleTimeoutMs: number; csrfToken: string }) {
  const location = useLocation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [deadline, setDeadline] = useState(() => Date.now() + idleTimeoutMs);
  const [warning, setWarning] = useState(false);

  useEffect(() => setDeadline(Date.now() + idleTimeoutMs), [location.key, idleTimeoutMs]);

  useEffect(() => {
    const warnAt = setTimeout(() => setWarning(true), Math.max(0, deadline - Date.now() - WARN_BEFORE_MS));
    const expireAt = setTimeout(() => window.location.assign("/sign-in?expired=1"), Math.max(0, deadline - Date.now()));
    // Marks the dialog once its timers run, so tests (and curious people) can see when it is live.
    if (dialog.current) dialog.current.dataset.deadline = new Date(deadline).toISOString();
    return () => {
      clearTimeout(warnAt);
      clearTimeout(expireAt);
    };
  }, [deadline]);

  useEffect(() => {
    const element = dialog.current;
    if (warning && element && !element.open) element.showModal();
    if (!warning && element?.open) element.close();
  }, [warning]);

  const stay = useCallback(async () => {
    const response = await fetch("/session/keep-alive", { method: "POST", headers: { "X-CSRF-Token": csrfToken } });
    if (!response.ok) {
      window.location.assign("/sign-in?expired=1");
      return;
    }
    setWarning(false);
    setDeadline(Date.now() + idleTimeoutMs);
  }, [csrfToken, idleTimeoutMs]);

  return (
    <dialog ref={dialog} aria-labelledby="idle-title" onCancel={() => void stay()} className="max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/50">
      <h2 id="idle-title" className="text-xl font-semibold">
        You'll be signed out soon
      </h2>
      <p className="mt-2">For your security we sign you out after 15 minutes without activity. Do you want to stay signed in?</p>
      <button type="button" onClick={() => void stay()} className="mt-4 rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
        Stay signed in
      </button>
    </dialog>
  );
}
