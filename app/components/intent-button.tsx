import { Form } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";
import { AuthenticityField } from "./authenticity-field";

/**
 * A form that is one button: it posts the authenticity token, the action's intent and the ids
 * the action needs (as hidden fields), so a list can offer one per row.
 */
export function IntentButton({
  intent,
  fields,
  formClassName,
  children,
  ...button
}: { intent: string; fields?: Record<string, string>; formClassName?: string } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "name" | "value">) {
  return (
    <Form method="post" className={formClassName}>
      <AuthenticityField />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" {...button}>
        {children}
      </button>
    </Form>
  );
}
