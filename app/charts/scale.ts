/**
 * The one scale our charts need: a linear map from [0, max] onto [0, length], with a "nice"
 * max so bars of small amounts are not all full. Hand-built: a chart library would cost more
 * bytes than the two pictures we draw, and these are drawn on the server as plain SVG.
 */
export function linearScale(max: number, length: number): (value: number) => number {
  const top = niceCeiling(max);
  return (value) => (top <= 0 ? 0 : Math.max(0, Math.min(length, (value / top) * length)));
}

/** 1, 2, 2.5 or 5 times a power of ten, at or above `value`. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

/** Share of a limit used, as a whole percentage between 0 and 100. */
export function percentUsed(used: number, limit: number): number {
  if (!(limit > 0)) return 0;
  return Math.max(0, Math.min(100, Math.round((used / limit) * 100)));
}
