/**
 * The one size limit for a guide's text, in characters as JavaScript counts them (UTF-16 code
 * units). Real guides are about 6,000. The validator applies it, first, on every path a guide
 * takes (preview, save, the shipped files); the edge's body ceiling is sized from it.
 */
export const GUIDE_SOURCE_MAX_CHARS = 50_000;
