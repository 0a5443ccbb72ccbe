import { defaultCardSettings, planChange, type CardSettings } from "./card-settings";
import { describeLoosening, looseningChange } from "./loosening-words.server";

const card = { id: "card-1", name: "Everyday debit", last4: "6160" };

function loosening(before: CardSettings, change: (draft: CardSettings) => void) {
  const after = structuredClone(before);
  change(after);
  return [...planChange(before, after).delayed.values()].flat();
}

describe("the words a customer confirms before a card is loosened", () => {
  const base = defaultCardSettings("GB");
  base.limits.daily = 1_000_00;
  base.amountBlocks.online = 50_00;
  base.channels.atm = false;
  base.travel = { homeCountry: "GB", mode: "home_only", allowedCountries: [], blockedCountries: ["RU"] };
  base.blockedCategories = ["gambling"];
  base.blockedMerchants = [{ id: "m-1", name: "Lucky Casino" }];

  it.each<[string, (draft: CardSettings) => void, string]>([
    ["a raised limit", (d) => void (d.limits.daily = 4_000_00), "Raise the daily limit on Everyday debit ••6160 from £1,000.00 to £4,000.00"],
    ["a removed limit", (d) => void (d.limits.perPayment = null), "Remove the limit for any single payment on Everyday debit ••6160 (now £5,000.00)"],
    ["a raised channel limit", (d) => void (d.limits.channelDaily.atm = 900_00), "Raise the daily limit for cash machine withdrawals on Everyday debit ••6160 from £500.00 to £900.00"],
    ["a raised amount block", (d) => void (d.amountBlocks.online = 80_00), "Raise the amount block for online payments on Everyday debit ••6160 from £50.00 to £80.00"],
    ["a payment type back on", (d) => void (d.channels.atm = true), "Turn cash machine withdrawals back on for Everyday debit ••6160"],
    ["a wider travel mode", (d) => void (d.travel.mode = "anywhere"), "Let Everyday debit ••6160 pay anywhere in the world (now only in your home country)"],
    ["a new home country", (d) => void (d.travel.homeCountry = "ES"), "Change the home country of Everyday debit ••6160 from United Kingdom (GB) to Spain (ES)"],
    ["a lifted category block", (d) => void (d.blockedCategories = []), "Unblock gambling on Everyday debit ••6160"],
    ["an unblocked merchant", (d) => void (d.blockedMerchants = []), "Unblock payments to Lucky Casino on Everyday debit ••6160"],
    ["an unblocked country", (d) => void (d.travel.blockedCountries = []), "Unblock payments in Russia (RU) on Everyday debit ••6160"],
    ["an allowed country", (d) => void d.travel.allowedCountries.push("FR"), "Allow payments in France (FR) on Everyday debit ••6160"],
  ])("%s", (_label, change, words) => {
    expect(describeLoosening(loosening(base, change), base, "GBP", "Everyday debit ••6160")).toBe(words);
  });

  it("names several at once after the card", () => {
    const ops = loosening(base, (d) => {
      d.limits.daily = 2_000_00;
      d.channels.atm = true;
    });
    expect(describeLoosening(ops, base, "GBP", "Everyday debit ••6160")).toBe("Change Everyday debit ••6160: raise the daily limit from £1,000.00 to £2,000.00; turn cash machine withdrawals back on");
  });

  it("keeps the old and new value of each op in the facts", () => {
    const ops = loosening(base, (d) => void (d.limits.daily = 4_000_00));
    expect(looseningChange(card, "GBP", base, ops).facts).toEqual({ card: "card-1", currency: "GBP", ops: [{ op: "set", path: "limits.daily", value: 4_000_00, from: 1_000_00 }] });
  });
});
