import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { optionalUser } from "~/access/guards.server";
import { landingPath } from "~/auth/landing.server";

export const meta: MetaFunction = () => [{ title: "Strongroom — banking that keeps you in control" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await optionalUser(args);
  // A signed-in person wants their own area, not the pitch; someone with no area stays here.
  const landing = user ? landingPath(user.permissions) : "/";
  if (landing !== "/") throw redirect(landing);
  return { displayName: user?.displayName ?? null };
}

export default function Home() {
  const { displayName } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">{displayName ? `Welcome back, ${displayName}` : "Banking that keeps you in control"}</h1>
      <p className="max-w-2xl text-lg">
        Sign in with a passkey — no passwords to steal. Decide where, how and how much your cards may pay, and see every
        decision our fraud engine makes, in plain words.
      </p>
      <ul className="grid gap-4 sm:grid-cols-3">
        <li className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">Travel blocks</h2>
          <p>Choose the countries your card works in, and announce trips.</p>
        </li>
        <li className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">Amount and category blocks</h2>
          <p>No single payment above the amount you choose, per channel.</p>
        </li>
        <li className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">Security guides</h2>
          <p>
            <Link to="/security/guides">Learn to spot scams</Link> before they reach you.
          </p>
        </li>
      </ul>
    </div>
  );
}
