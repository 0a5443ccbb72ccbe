import { applyOps, defaultCardSettings, diffSettings, effectiveSettings, GAMBLING_DELAY_MS, LOOSENING_DELAY_MS, parseSettingsOps, planChange, type CardSettings } from "./card-settings";

const base = defaultCardSettings("GB");
const edit = (settings: CardSettings, change: (draft: CardSettings) => void) => {
  const draft = structuredClone(settings);
  change(draft);
  return draft;
};

describe("card settings changes", () => {
  it("applies tightening at once", () => {
    const after = edit(base, (d) => {
      d.limits.daily = 100_00;
      d.blockedCategories.push("gambling");
      d.travel.mode = "home_only";
      d.travel.blockedCountries.push("ES");
      d.channels.online = false;
      d.amountBlocks.online = 50_00;
    });
    const plan = planChange(base, after);
    expect(plan.delayed.size).toBe(0);
    expect(applyOps(base, plan.immediate)).toEqual(after);
  });

  it.each<[string, (d: CardSettings) => void]>([
    ["raising a limit", (d) => void (d.limits.daily = 9_000_00)],
    ["removing a limit", (d) => void (d.limits.monthly = null)],
    ["removing an amount block", (d) => void (d.amountBlocks.atm = null)],
    ["turning a channel back on", (d) => void (d.channels.atm = true)],
    ["widening travel", (d) => void (d.travel.mode = "anywhere")],
    ["unblocking a country", (d) => void (d.travel.blockedCountries = [])],
    ["allowing a country", (d) => void d.travel.allowedCountries.push("FR")],
    ["unblocking a merchant", (d) => void (d.blockedMerchants = [])],
  ])("makes %s wait 24 hours", (_label, change) => {
    const tightened = edit(base, (d) => {
      d.channels.atm = false;
      d.amountBlocks.atm = 100_00;
      d.travel.mode = "home_only";
      d.travel.blockedCountries.push("ES");
      d.blockedMerchants.push({ id: "m-1", name: "Casino Royale" });
    });
    const plan = planChange(tightened, edit(tightened, change));
    expect(plan.immediate).toEqual([]);
    expect([...plan.delayed.keys()]).toEqual([LOOSENING_DELAY_MS]);
  });

  it("makes lifting the gambling block wait 48 hours, other parts of the same change 24", () => {
    const blocked = edit(base, (d) => void d.blockedCategories.push("gambling", "crypto"));
    const plan = planChange(blocked, edit(blocked, (d) => {
      d.blockedCategories = [];
    }));
    expect(plan.delayed.get(GAMBLING_DELAY_MS)).toEqual([{ op: "remove", path: "blockedCategories", value: "gambling" }]);
    expect(plan.delayed.get(LOOSENING_DELAY_MS)).toEqual([{ op: "remove", path: "blockedCategories", value: "crypto" }]);
  });

  it("keeps a tightening made after a loosening was requested", () => {
    const blocked = edit(base, (d) => void d.travel.blockedCountries.push("ES"));
    const unblockSpain = planChange(blocked, edit(blocked, (d) => void (d.travel.blockedCountries = [])));
    const requested = new Date("2026-11-24T10:00:00Z");
    const pending = [{ ops: unblockSpain.delayed.get(LOOSENING_DELAY_MS)!, effectiveAt: new Date(requested.getTime() + LOOSENING_DELAY_MS) }];
    // Meanwhile Russia is blocked, at once.
    const stored = applyOps(blocked, diffSettings(blocked, edit(blocked, (d) => void d.travel.blockedCountries.push("RU"))));
    expect(effectiveSettings(stored, pending, new Date("2026-11-24T12:00:00Z")).travel.blockedCountries).toEqual(["ES", "RU"]);
    expect(effectiveSettings(stored, pending, new Date("2026-11-25T10:00:00Z")).travel.blockedCountries).toEqual(["RU"]);
  });

  it("refuses invalid settings", () => {
    expect(() => applyOps(base, [{ op: "set", path: "limits.daily", value: -5 }])).toThrow();
    expect(() => applyOps(base, [{ op: "set", path: "travel.homeCountry", value: "gb" }])).toThrow();
    expect(() => applyOps(base, [{ op: "set", path: "limits.daily", value: 1.5 }])).toThrow();
    expect(() => applyOps(base, [{ op: "add", path: "blockedCategories", value: "groceries" }])).toThrow();
  });
});

describe("stored operations are validated when read", () => {
  it("reads back every operation a diff can produce", () => {
    const before = defaultCardSettings();
    const after = applyOps(before, [
      { op: "set", path: "limits.daily", value: null },
      { op: "set", path: "travel.mode", value: "home_only" },
      { op: "add", path: "blockedMerchants", value: "m-1", label: "Casino Royale" },
      { op: "add", path: "travel.blockedCountries", value: "FR" },
    ]);
    const ops = diffSettings(before, after);
    expect(parseSettingsOps(JSON.stringify(ops))).toEqual(ops);
  });

  it.each([
    ["a path that does not exist", [{ op: "set", path: "limits.__proto__", value: 1 }]],
    ["a list operation on a settable path", [{ op: "add", path: "limits.daily", value: "x" }]],
    ["a fractional amount", [{ op: "set", path: "limits.daily", value: 10.5 }]],
    ["an unknown operation", [{ op: "replace", path: "limits.daily", value: 1 }]],
    ["no operation at all", []],
  ])("refuses %s", (_, ops) => {
    expect(() => parseSettingsOps(JSON.stringify(ops))).toThrow();
  });
});
