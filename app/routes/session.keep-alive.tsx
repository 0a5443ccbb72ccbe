import type { ActionFunctionArgs } from "@remix-run/node";
import { requireSession } from "~/access/guards.server";
import { touchSession } from "~/session/session.server";

// "Stay signed in" from the idle warning: proves activity without loading a page.
export async function action(args: ActionFunctionArgs) {
  const session = await requireSession(args);
  await touchSession(session.id, args.context.ip);
  return Response.json({ ok: true });
}
