import { useEffect, useRef } from "react";
import type { GuidePreview } from "./editor-form";
import { GuideArticle } from "./guide-article";

/**
 * A guide as customers will see it. A fresh preview (one the editor just asked for) is
 * scrolled to and focused, so pressing Preview visibly does something and a screen reader
 * lands on it; a saved revision's preview waits where it is.
 */
export function GuidePreviewPanel({ preview, heading, fresh }: { preview: GuidePreview; heading: string; fresh: boolean }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!fresh || !ref.current) return;
    ref.current.scrollIntoView({ block: "start" });
    ref.current.focus({ preventScroll: true });
  }, [preview, fresh]);
  return (
    <section ref={ref} id="preview" tabIndex={-1} aria-labelledby="preview-title" className="scroll-mt-4 rounded-lg border-2 border-dashed border-slate-500 bg-white p-4 focus:outline-3 focus:outline-offset-2 focus:outline-brand-700">
      <h2 id="preview-title" className="mb-4 text-sm font-semibold uppercase tracking-wide text-slate-700">
        {heading}
      </h2>
      <GuideArticle {...preview} headingLevel={2} />
    </section>
  );
}
