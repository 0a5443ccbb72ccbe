import type { GuideCategory } from "./validate-mdx.server";

/** Client-safe: the browser bundle must not import the validator (it pulls in the MDX parser). */
export const CATEGORY_LABELS: Readonly<Record<GuideCategory, string>> = {
  phishing: "Phishing",
  scams: "Scams",
  passkeys: "Passkeys",
  travel: "Travel",
  cards: "Cards",
  devices: "Devices",
  identity: "Identity",
};

export function categoryLabel(category: string): string {
  return (CATEGORY_LABELS as Readonly<Record<string, string>>)[category] ?? category;
}
