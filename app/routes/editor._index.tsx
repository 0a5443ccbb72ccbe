import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "~/access/guards.server";
import { PageHeading } from "~/components/page-heading";

export const meta: MetaFunction = () => [{ title: "Guide editor · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

export default function Editor() {
  return <PageHeading title="Guide editor">Drafts, reviews and revisions of the security guides.</PageHeading>;
}
