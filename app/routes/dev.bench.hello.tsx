import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Hello · Strongroom" }];

// A bare page through the same server, headers and policy wrapper: the benchmark's yardstick.
export async function loader() {
  return { greeting: "Hello, world" };
}

export default function Hello() {
  const { greeting } = useLoaderData<typeof loader>();
  return <h1 className="text-3xl font-bold">{greeting}</h1>;
}
