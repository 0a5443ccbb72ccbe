import { linearScale, niceCeiling, percentUsed } from "./scale";

describe("chart scale", () => {
  it("rounds the top up to a nice number", () => {
    expect(niceCeiling(0)).toBe(0);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(180)).toBe(200);
    expect(niceCeiling(2_100)).toBe(2_500);
    expect(niceCeiling(4_100_00)).toBe(5_000_00);
  });

  it("maps values onto the length and clamps", () => {
    const scale = linearScale(180, 400);
    expect(scale(100)).toBe(200);
    expect(scale(0)).toBe(0);
    expect(scale(-5)).toBe(0);
    expect(scale(1_000)).toBe(400);
    expect(linearScale(0, 400)(10)).toBe(0);
  });

  it("says how much of a limit is used", () => {
    expect(percentUsed(56_52, 3_000_00)).toBe(2);
    expect(percentUsed(3_500_00, 3_000_00)).toBe(100);
    expect(percentUsed(10, 0)).toBe(0);
  });
});
