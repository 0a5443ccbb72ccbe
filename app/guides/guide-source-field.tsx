import { useNavigation } from "@remix-run/react";
import { TextAreaField } from "~/components/text-area-field";
import type { ReplyField } from "~/forms/reply-form";
import { SourceHint } from "./source-hint";

/** The guide's MDX, driven by its field in the Conform reply: errors beside it, what was typed kept on a refusal. */
export function GuideSourceField({ field }: { field: ReplyField }) {
  return (
    <TextAreaField id={field.id} name={field.name} label="Guide text (MDX)" hint={<SourceHint />} rows={24} spellCheck code defaultValue={field.initialValue} error={field.errors} />
  );
}

/** Compiling a guide can take a few seconds: say so while it happens, and stop a second click. */
export function useGuideBusy(): { busy: boolean; status: string } {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const intent = navigation.formData?.get("intent");
  return { busy, status: busy ? (intent === "preview" ? "Making the preview…" : "Checking the guide…") : "" };
}
