import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { PageHeading } from "~/components/page-heading";
import { ensureSession } from "~/session/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Strongroom" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await ensureSession(request, context);
  return { csrfToken: session.csrfToken };
}

export default function SignIn() {
  return <PageHeading title="Sign in">Strongroom uses passkeys: sign in with your fingerprint, face or device PIN.</PageHeading>;
}
