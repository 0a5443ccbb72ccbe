import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/access/guards.server";
import { PageHeading } from "~/components/page-heading";

export const meta: MetaFunction = () => [{ title: "Accounts · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return { displayName: user.displayName };
}

export default function Accounts() {
  const { displayName } = useLoaderData<typeof loader>();
  return <PageHeading title="Your accounts">Accounts held by {displayName} appear here.</PageHeading>;
}
