import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/access/guards.server";
import { PageHeading } from "~/components/page-heading";

export const meta: MetaFunction = () => [{ title: "Staff console · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return { displayName: user.displayName };
}

export default function StaffConsole() {
  const { displayName } = useLoaderData<typeof loader>();
  return <PageHeading title="Staff console">Signed in as {displayName}. Customer search and reviews appear here.</PageHeading>;
}
