import { csvCell, csvDocument, csvRow } from "./csv";

describe("CSV cells", () => {
  it.each([
    ["plain", "plain"],
    ["with, comma", '"with, comma"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"http://evil.test\",\"x\")", '"\'=HYPERLINK(""http://evil.test"",""x"")"'],
    ["+44 7700 900101", "'+44 7700 900101"],
    ["-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1+1", "'\t=1+1"],
    [" padded ", '" padded "'],
    ["-12.50", "-12.50"],
    ["", ""],
  ])("%j → %s", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("writes numbers and empty values", () => {
    expect(csvRow([1, null, undefined, "a"])).toBe("1,,,a");
  });

  it("ends rows with CRLF and starts with a BOM", () => {
    expect(csvDocument(["a", "b"], [["1", "2"]])).toBe("\uFEFFa,b\r\n1,2\r\n");
  });
});
