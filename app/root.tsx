import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ChangeConfirmationProvider } from "~/components/change-confirmation";
import { DocumentScripts } from "~/components/document-scripts";
import { ErrorPage } from "~/components/error-page";
import { IdleWarning } from "~/components/idle-warning";
import { SiteFooter } from "~/components/site-footer";
import { AREAS, SiteHeader } from "~/components/site-header";
import { useNonce } from "~/nonce";
import { layoutData } from "~/session/layout-data.server";
import { CallBanner } from "~/staff/call-banner";
import { STAFF_LINKS } from "~/staff/staff-nav";
import stylesheet from "~/styles/generated.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Strongroom" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return layoutData(request, context, [...AREAS, ...STAFF_LINKS].map((link) => link.to));
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to main content
        </a>
        <SiteHeader user={data?.user ?? null} />
        {data?.call ? <CallBanner call={data.call} /> : null}
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
          {children}
        </main>
        <SiteFooter />
        {data?.user && data.csrfToken ? <IdleWarning idleTimeoutMs={data.idleTimeoutMs} csrfToken={data.csrfToken} /> : null}
        <DocumentScripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  // One passkey confirmation dialog for every sensitive form and button (change-confirmation.tsx).
  return (
    <ChangeConfirmationProvider>
      <Outlet />
    </ChangeConfirmationProvider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return <ErrorPage status={status} />;
}
