/**
 * CSV that opens safely in spreadsheets. RFC 4180 quoting, plus the OWASP guard against
 * formula injection: a merchant name such as `=HYPERLINK(...)` arrives from the card
 * network, and a spreadsheet would run it. Text cells that start with = + - @ (or a tab or
 * carriage return, which some spreadsheets skip before looking for one) get a leading
 * single quote so they are shown as text.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
/** Plain numbers we write ourselves ("-12.50") are not formulas and stay numbers. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(",");
}

/** Rows joined with CRLF (RFC 4180); the BOM tells spreadsheet apps the file is UTF-8. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return `\uFEFF${[csvRow(header), ...rows.map(csvRow)].join("\r\n")}\r\n`;
}
