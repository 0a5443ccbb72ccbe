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
      <p>
        <Link to="/security/guides">Read the security guides</Link>
      </p>
    </>
  );
}
