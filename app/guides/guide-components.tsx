import {
  Children,
  cloneElement,
  isValidElement,
  useId,
  type AnchorHTMLAttributes,
  type ReactElement,
  type ReactNode,
} from "react";

/*
 * Rendered to static HTML on the server, so nothing here may rely on client
 * JavaScript: the quiz answer uses <details>, and no element is interactive
 * beyond native links and disclosure widgets.
 *
 * Props arrive as plain strings from MDX. The validator has already checked
 * them, but components still fall back to safe defaults so a bad value can
 * never produce a misleading callout.
 */

type CalloutType = "tip" | "warning" | "danger";

const calloutStyles: Record<CalloutType, { label: string; icon: string; className: string }> = {
  // The label text carries the meaning; border colour and icon only reinforce it.
  tip: {
    label: "Tip",
    icon: "i",
    className: "border-sky-700 bg-sky-50 text-sky-950",
  },
  warning: {
    label: "Warning",
    icon: "!",
    className: "border-amber-700 bg-amber-50 text-amber-950",
  },
  danger: {
    label: "Danger",
    icon: "!!",
    className: "border-red-700 bg-red-50 text-red-950",
  },
};

function isCalloutType(value: unknown): value is CalloutType {
  return value === "tip" || value === "warning" || value === "danger";
}

export interface CalloutProps {
  type?: string;
  title?: string;
  children?: ReactNode;
}

export function Callout({ type, title, children }: CalloutProps) {
  const labelId = useId();
  const style = calloutStyles[isCalloutType(type) ? type : "tip"];
  return (
    <aside
      role="note"
      aria-labelledby={labelId}
      className={`guide-callout guide-callout-${isCalloutType(type) ? type : "tip"} my-6 rounded-md border-l-4 p-4 ${style.className}`}
    >
      {/* A paragraph, not a heading: callouts sit at arbitrary depths and must not break the outline. */}
      <p id={labelId} className="guide-callout-label m-0 font-semibold">
        <span aria-hidden="true" className="mr-2 inline-block min-w-6 rounded-full border border-current text-center text-sm">
          {style.icon}
        </span>
        {style.label}
        {title ? `: ${title}` : null}
      </p>
      <div className="guide-callout-body mt-2">{children}</div>
    </aside>
  );
}

function addClassToLists(children: ReactNode, listType: "ol" | "ul", className: string): ReactNode {
  return Children.map(children, (child) => {
    if (isValidElement<{ className?: string }>(child) && child.type === listType) {
      const existing = child.props.className;
      return cloneElement(child as ReactElement<{ className?: string }>, {
        className: existing ? `${existing} ${className}` : className,
      });
    }
    return child;
  });
}

export function Steps({ children }: { children?: ReactNode }) {
  return (
    <div className="guide-steps my-6">
      {addClassToLists(children, "ol", "guide-steps-list list-decimal space-y-3 pl-6")}
    </div>
  );
}

export function Checklist({ children }: { children?: ReactNode }) {
  return (
    <div className="guide-checklist my-6">
      {/*
        Checkmarks are decoration drawn with ::before (empty alt text after the slash so screen
        readers announce a plain list); a static page must not offer checkboxes nobody can save.
      */}
      {addClassToLists(
        children,
        "ul",
        "guide-checklist-list list-none space-y-2 pl-0 [&>li]:relative [&>li]:pl-7 [&>li]:before:absolute [&>li]:before:left-0 [&>li]:before:font-bold [&>li]:before:content-['✓'_/_'']",
      )}
    </div>
  );
}

export function KeyTakeaways({ children }: { children?: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="guide-key-takeaways my-8 rounded-md border border-slate-300 p-4">
      <h2 id={headingId} className="mt-0">
        Key takeaways
      </h2>
      {children}
    </section>
  );
}

export interface QuizProps {
  question?: string;
  answer?: string;
  children?: ReactNode;
}

export function Quiz({ question, answer, children }: QuizProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="guide-quiz my-8 rounded-md border border-slate-300 p-4">
      <h2 id={headingId} className="mt-0">
        <span className="guide-quiz-kicker">Quick check: </span>
        {question}
      </h2>
      <div className="guide-quiz-options">{children}</div>
      <details className="guide-quiz-answer mt-4">
        <summary className="cursor-pointer font-semibold underline">Show the answer</summary>
        <p className="mt-2">{answer}</p>
      </details>
    </section>
  );
}

function isExternal(href: string | undefined): boolean {
  return href !== undefined && /^https?:/i.test(href);
}

/** Links to other sites must not hand them our window or a referrer from an authenticated page. */
export function GuideLink({ href, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a href={href} {...rest} rel={isExternal(href) ? "noopener noreferrer" : undefined}>
      {children}
    </a>
  );
}

export const guideComponents = {
  Callout,
  Steps,
  Checklist,
  KeyTakeaways,
  Quiz,
  a: GuideLink,
};

export type GuideComponents = typeof guideComponents;
