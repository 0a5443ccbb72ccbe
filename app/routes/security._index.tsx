import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireUser } from "~/access/guards.server";
import { PageHeading } from "~/components/page-heading";

export const meta: MetaFunction = () => [{ title: "Security · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

export default function Security() {
  return (
    <>
      <PageHeading title="Security">Your passkeys, signed-in devices and security activity.</PageHeading>
      <ul className="grid gap-4 sm:grid-cols-2">
        {[
          { to: "/security/passkeys", title: "Passkeys", text: "Add, rename or remove the passkeys that sign in to your account." },
          { to: "/security/sessions", title: "Signed-in devices", text: "See where you're signed in, and sign out anywhere." },
          { to: "/security/activity", title: "Security activity", text: "Sign-ins, failed attempts and changes, newest first." },
          { to: "/security/guides", title: "Security guides", text: "Practical guides to spot scams and protect your money." },
        ].map((item) => (
          <li key={item.to} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">
              <Link to={item.to}>{item.title}</Link>
            </h2>
            <p>{item.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
