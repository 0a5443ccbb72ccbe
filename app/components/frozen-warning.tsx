import { Link } from "@remix-run/react";

/**
 * A frozen card must be impossible to miss: a red panel at the top of the card and controls
 * pages, said in words (not colour alone), with the way out. Not role="alert": it is the
 * page's standing state, not news, and screen readers meet it first as the page's second heading.
 */
export function FrozenWarning({ cardId, cardName, last4, onControlsPage = false }: { cardId: string; cardName: string; last4: string; onControlsPage?: boolean }) {
  return (
    <section aria-labelledby="frozen-title" className="mb-6 rounded-lg border-4 border-red-700 bg-red-50 p-4 text-red-900">
      <h2 id="frozen-title" className="text-2xl font-bold">
        <span aria-hidden="true">⚠ </span>
        {cardName} ••{last4} is frozen
      </h2>
      <p className="mt-2 text-lg">Every payment on this card is declined until you unfreeze it. Nothing else about your account has changed.</p>
      <p className="mt-2">
        {onControlsPage ? <a href="#freeze" className="font-semibold text-red-900">Unfreeze it below</a> : <Link to={`/cards/${cardId}/controls#freeze`} className="font-semibold text-red-900">Unfreeze this card</Link>}
      </p>
    </section>
  );
}
