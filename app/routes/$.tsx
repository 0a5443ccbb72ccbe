import { ErrorPage } from "~/components/error-page";

// Unknown paths get the same 404 page a missing record does.
export async function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return <ErrorPage status={404} />;
}
