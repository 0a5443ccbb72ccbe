import { testEnv } from "../../tests/support/test-env";
import { readCookie, sealSessionId, SESSION_COOKIE, unsealSessionId } from "./session-cookie.server";

const withCookie = (header: string) => new Request("http://localhost:3000/", { headers: { Cookie: header } });

describe("session cookie", () => {
  beforeAll(() => {
    testEnv();
  });

  it("reads cookies without throwing on values that are not valid percent-encoding", () => {
    expect(readCookie(withCookie(`${SESSION_COOKIE}=%E0%A4%A`), SESSION_COOKIE)).toBe("%E0%A4%A");
    expect(readCookie(withCookie(`${SESSION_COOKIE}=%%%; other=1`), SESSION_COOKIE)).toBe("%%%");
    expect(readCookie(withCookie(`a=1; ${SESSION_COOKIE}="quoted"`), SESSION_COOKIE)).toBe("quoted");
    // The first of two same-named cookies, as browsers order them (most specific first).
    expect(readCookie(withCookie(`${SESSION_COOKIE}=first; ${SESSION_COOKIE}=second`), SESSION_COOKIE)).toBe("first");
    expect(readCookie(withCookie("nothing-here"), SESSION_COOKIE)).toBeNull();
  });

  it("opens exactly the seal it wrote, and nothing with junk around it", async () => {
    const sealed = await sealSessionId("session-1");
    expect(await unsealSessionId(sealed)).toBe("session-1");
    // iron-session alone opens every one of these as session-1.
    for (const tampered of [`${sealed}junk`, `${sealed}0`, `${sealed}~junk`, `${sealed}*x`, `${sealed} `, ` ${sealed}`, sealed.replace(/~2$/, "~2x"), `x${sealed}`]) {
      expect(await unsealSessionId(tampered), tampered.slice(-12)).toBeNull();
    }
    expect(await unsealSessionId("Fe26.2**junk")).toBeNull();
  });
});
