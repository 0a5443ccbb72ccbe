import { useNavigation } from "@remix-run/react";
import { TextAreaField } from "~/components/text-area-field";
import type { ReplyField } from "~/forms/reply-form";
import { buttonPrimary, buttonSecondary } from "./guide-review-panel";
import { SourceHint } from "./source-hint";

/** The guide's MDX, driven by its field in the Conform reply: errors beside it, what was typed kept on a refusal. */
export function GuideSourceField({ field }: { field: ReplyField }) {
  return (
    <TextAreaField id={field.id} name={field.name} label="Guide text (MDX)" hint={<SourceHint />} rows={24} spellCheck code defaultValue={field.initialValue} error={field.errors} />
  );
}

/** The editor's submit buttons: off while a guide compiles, with a quiet line saying what is happening. */
export function GuideActions({ actions }: { actions: readonly { intent: string; label: string; primary?: boolean }[] }) {
  const { busy, status } = useGuideBusy();
  return (
    <div className="flex flex-wrap items-center gap-4">
      {actions.map((action) => (
        <button key={action.intent} type="submit" name="intent" value={action.intent} className={action.primary ? buttonPrimary : buttonSecondary} disabled={busy}>
          {action.label}
        </button>
      ))}
      {/* A quiet live region, not a second "status": the page's one notice stays the outcome. */}
      <p aria-live="polite" className="text-slate-700">
        {status}
      </p>
    </div>
  );
}

/** Compiling a guide can take a few seconds: say so while it happens, and stop a second click. */
function useGuideBusy(): { busy: boolean; status: string } {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const intent = navigation.formData?.get("intent");
  return { busy, status: busy ? (intent === "preview" ? "Making the preview…" : "Checking the guide…") : "" };
}
