import { data, redirect } from "@remix-run/node";

/**
 * What a page's action decided, as plain data, so the module that decides it never builds an
 * HTTP response: an answer shown beside the form (with the status it is sent with), or the
 * page to go to next. README.md#d56
 */
export type PageOutcome<T> = { status: number; body: T } | { goTo: string };

/** The one place a page outcome becomes HTTP: a redirect after success, else the answer. */
export function respondWith<T>(outcome: PageOutcome<T>) {
  return "goTo" in outcome ? redirect(outcome.goTo) : data(outcome.body, { status: outcome.status });
}
