import type { SubmissionResult } from "@conform-to/react";
import { useId } from "react";

/**
 * Renders a form from Conform's server reply (`submission.reply()` after `parseWithZod`) without
 * shipping Conform's client runtime: measured at 9.3 KB gzip, it put every page with a form over
 * the 100 KB first-load budget (README, decision D55). Our forms validate on the server only —
 * zod stays out of the browser — so the reply is all the client needs: the values sent back, and
 * the errors per field and for the form. Ids and ARIA follow Conform's own conventions
 * (`<form>-<field>`, `…-error`), so the error summary links and `aria-describedby` work alike.
 */

export type FormReply = SubmissionResult<string[]>;

export interface ReplyField {
  id: string;
  name: string;
  errorId: string;
  errors: string[] | undefined;
  /** What the server echoed back, else the form's default. */
  initialValue: string | undefined;
}

export interface ReplyFormMetadata {
  id: string;
  errorId: string;
  /** Errors about the whole form (Conform files them under the empty name). */
  errors: string[] | undefined;
}

type Fields<Shape> = { readonly [Name in keyof Shape & string]: ReplyField };

function errorsFor(reply: FormReply | null | undefined, name: string): string[] | undefined {
  const messages = reply?.error?.[name];
  return messages && messages.length > 0 ? messages : undefined;
}

function echoed(reply: FormReply | null | undefined, name: string): string | undefined {
  const value = (reply?.initialValue as Record<string, unknown> | null | undefined)?.[name];
  if (typeof value === "string") return value;
  return Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined;
}

/** Every field's first error, in the order the server found them, as the error summary lists them. */
export function replyErrors(reply: FormReply | null | undefined): { field: string; message: string }[] {
  return Object.entries(reply?.error ?? {}).flatMap(([field, messages]) => (messages?.[0] ? [{ field, message: messages[0] }] : []));
}

/** The value sent for `name`, as the server echoed it back. */
export function replyValue(reply: FormReply | null | undefined, name: string): string | undefined {
  return echoed(reply, name);
}

export function useReplyForm<Shape extends Record<string, string>>(options: {
  id?: string;
  lastResult?: FormReply | null;
  defaultValue?: Partial<Shape>;
}): [ReplyFormMetadata, Fields<Shape>] {
  const generated = useId();
  const formId = options.id ?? `form${generated.replace(/:/g, "")}`;
  const { lastResult, defaultValue } = options;
  const form: ReplyFormMetadata = { id: formId, errorId: `${formId}-error`, errors: errorsFor(lastResult, "") };
  const fields = new Proxy({} as Fields<Shape>, {
    get(_target, name) {
      if (typeof name !== "string") return undefined;
      const id = `${formId}-${name}`;
      return {
        id,
        name,
        errorId: `${id}-error`,
        errors: errorsFor(lastResult, name),
        initialValue: echoed(lastResult, name) ?? (defaultValue as Record<string, string | undefined> | undefined)?.[name],
      } satisfies ReplyField;
    },
  });
  return [form, fields];
}

interface AriaOptions {
  /** Ids of hints that describe the control besides its error. */
  ariaDescribedBy?: string;
}

function aria(subject: { errors: string[] | undefined; errorId: string }, options: AriaOptions, control: boolean) {
  const invalid = subject.errors !== undefined;
  const describedBy = invalid ? `${subject.errorId} ${options.ariaDescribedBy ?? ""}`.trim() : options.ariaDescribedBy;
  return {
    ...(control && invalid ? { "aria-invalid": true as const } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
  };
}

/** The server validates, and says so in words the browser's own bubbles could not. */
export function formProps(form: ReplyFormMetadata) {
  return { id: form.id, noValidate: true, ...aria(form, {}, false) };
}

function controlProps(field: ReplyField, options: AriaOptions) {
  return { id: field.id, name: field.name, ...aria(field, options, true) };
}

export function inputProps(field: ReplyField, options: AriaOptions & { type: "text" | "search" | "number" | "email" | "date" | "tel" }) {
  return { ...controlProps(field, options), type: options.type, defaultValue: field.initialValue };
}

/** For TextField and TextAreaField, which draw the label, hint and error themselves. */
export function textFieldProps(field: ReplyField) {
  return { id: field.id, name: field.name, defaultValue: field.initialValue, error: field.errors?.join(". ") };
}

export function textareaProps(field: ReplyField, options: AriaOptions = {}) {
  return { ...controlProps(field, options), defaultValue: field.initialValue };
}

export function selectProps(field: ReplyField, options: AriaOptions = {}) {
  return { ...controlProps(field, options), defaultValue: field.initialValue };
}
