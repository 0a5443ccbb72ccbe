import type { MetaFunction } from "@remix-run/node";
import { PageHeading } from "~/components/page-heading";

export const meta: MetaFunction = () => [{ title: "Security guides · Strongroom" }];

export async function loader() {
  return null;
}

export default function Guides() {
  return <PageHeading title="Security guides">Short, practical guides to keep your money and identity safe.</PageHeading>;
}
