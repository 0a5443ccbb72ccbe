import { Link } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: { title: "We couldn't understand that request", body: "Please check what you entered and try again." },
  403: { title: "You don't have access to this page", body: "If you think you should, sign in with the right account or contact support." },
  404: { title: "Page not found", body: "The page you asked for doesn't exist or has moved." },
  500: { title: "Something went wrong on our side", body: "We've been told about it. Please try again in a moment." },
  503: { title: "Strongroom is briefly unavailable", body: "We're working on it. Your money is safe; please try again shortly." },
};

export function ErrorPage({ status }: { status: number }) {
  const known = MESSAGES[status] ?? (status >= 500 ? MESSAGES[500] : MESSAGES[400]);
  return (
    <section aria-labelledby="error-title" className="mx-auto max-w-2xl py-12">
      <p className="text-sm font-semibold text-slate-600">Error {status}</p>
      <h1 id="error-title" className="mt-2 text-3xl font-bold">
        {known?.title}
      </h1>
      <p className="mt-4 text-lg">{known?.body}</p>
      <p className="mt-6">
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
