import { useSubmit } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { StepUpDialog } from "./step-up-dialog";

/**
 * Wraps sensitive forms: when the last passkey confirmation is older than five minutes,
 * the submit is held, the dialog asks for the passkey, and the same form is then sent.
 */
export function useStepUp(validUntil: string | null, csrfToken: string) {
  const submit = useSubmit();
  const [freshUntil, setFreshUntil] = useState<number>(validUntil ? Date.parse(validUntil) : 0);
  const [pending, setPending] = useState<{ purpose: string; run: () => void | Promise<void> } | null>(null);
  const held = useRef<HTMLFormElement | null>(null);

  const isFresh = () => Date.now() < freshUntil - 10_000;

  function guardSubmit(purpose: string) {
    return (event: FormEvent<HTMLFormElement>) => {
      if (isFresh()) return;
      event.preventDefault();
      held.current = event.currentTarget;
      const form = event.currentTarget;
      setPending({ purpose, run: () => submit(form) });
    };
  }

  async function guardAction(purpose: string, run: () => void | Promise<void>) {
    if (isFresh()) return run();
    setPending({ purpose, run });
  }

  const dialog = (
    <StepUpDialog
      open={pending !== null}
      purpose={pending?.purpose ?? ""}
      csrfToken={csrfToken}
      onCancel={() => setPending(null)}
      onConfirmed={() => {
        const next = pending;
        setFreshUntil(Date.now() + 5 * 60 * 1000);
        setPending(null);
        void next?.run();
      }}
    />
  );
  return { guardSubmit, guardAction, dialog };
}
