import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireSession } from "~/access/guards.server";
import { signOut } from "~/session/sign-out.server";

export async function loader() {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  await signOut(await requireSession(args), args.context);
  return redirect("/");
}
