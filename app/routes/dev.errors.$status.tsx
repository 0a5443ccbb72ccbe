import type { LoaderFunctionArgs } from "@remix-run/node";

// Lets the error pages be seen and tested; the policy makes it a 404 in production.
export async function loader({ params }: LoaderFunctionArgs) {
  const status = Number(params.status);
  if (status === 500) throw new Error("Deliberate failure with a secret detail: /srv/app/internal.ts:42");
  throw new Response("Deliberate error", { status: [400, 403, 404, 503].includes(status) ? status : 400 });
}

export default function DevError() {
  return null;
}
