import { safeReturnPath } from "./safe-return-path";

describe("safeReturnPath", () => {
  it.each([
    "//evil.test",
    "https://evil.test",
    "/\\evil.test",
    "\\\\evil.test",
    "/\t/evil.test",
    "javascript:alert(1)",
    "evil.test/path",
    "http:/evil.test",
    "/%0a/evil.test".replace("%0a", "\n"),
    "",
  ])("keeps %j on site", (attempt) => {
    expect(safeReturnPath(attempt)).toBe("/");
  });

  it("keeps ordinary paths with their query and fragment", () => {
    expect(safeReturnPath("/cards/abc?tab=controls#travel")).toBe("/cards/abc?tab=controls#travel");
    expect(safeReturnPath("/accounts")).toBe("/accounts");
  });
});
