import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import type { ServerBuild } from "@remix-run/node";
import countries from "i18n-iso-countries";
import { enforceRoutePolicies } from "../../app/access/enforce-route-policies.server";
import { routePolicies } from "../../app/access/route-policies";
import { resetClock, setClock } from "../../app/clock.server";
import { defaultCardSettings, parseCardSettings } from "../../app/controls/card-settings";
import { changeCardSettings, type Actor } from "../../app/controls/change-controls.server";
import { addTrip } from "../../app/controls/trips.server";
import { db } from "../../app/db.server";
import { countryChoices, countryFromInput, isCountryCode } from "../../app/geo/countries.server";
import * as controlsRoute from "../../app/routes/cards.$cardId_.controls";
import * as simulatorRoute from "../../app/routes/dev.simulator";
import { customerWithCard } from "../support/banking-fixtures";
import { confirmEverything } from "../support/confirmations";
import { postRequest, routeHarness, signIn } from "../support/card-activity";
import { requestContext } from "../support/request-context";
import { TEST_SECRETS, testEnv } from "../support/test-env";
import { testEngines, useFreshDatabase } from "../support/test-database";

const NOW = new Date("2026-11-18T15:00:00.000Z");
const CONTROLS = "routes/cards.$cardId_.controls";
const actorOf = (customerId: string): Actor => ({ customerId, role: "customer", ip: "203.0.113.7", userAgent: "Vitest" });

/** Stands in for the server the simulator talks to, and keeps what it was sent. */
async function captureServer() {
  const bodies: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ decision: "approve", reason_code: "approved", message: "Approved" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("the country list", () => {
  it("is ISO 3166-1 alpha-2 as the kept library has it, and nothing with merely the shape of a code", () => {
    const codes = Object.keys(countries.getAlpha2Codes());
    expect(codes.length).toBeGreaterThanOrEqual(249);
    expect(codes.every(isCountryCode)).toBe(true);
    for (const fake of ["XX", "ZZ", "UK", "SU", "YU", "EU", "UN", "XA", "QO", "SP", "gb", "G", "GBR", ""]) expect(isCountryCode(fake)).toBe(false);
  });

  it("reads what a person types as a code, never by cutting a name short", () => {
    expect(countryFromInput("Spain")).toEqual({ ok: true, code: "ES" });
    expect(countryFromInput(" es ")).toEqual({ ok: true, code: "ES" });
    expect(countryFromInput("ESP")).toEqual({ ok: true, code: "ES" });
    expect(countryFromInput("SP")).toMatchObject({ ok: false });
    expect(countryFromInput("UK")).toEqual({ ok: false, suggestion: "GB" });
    expect(countryFromInput("Atlantis")).toEqual({ ok: false, suggestion: null });
    expect(countryChoices().find((choice) => choice.code === "ES")?.name).toBe("Spain");
  });
});

describe.each(testEngines())("countries where they enter, on %s", (engine) => {
  useFreshDatabase(engine);
  beforeEach(() => setClock(() => NOW));
  afterEach(() => resetClock());
  const call = routeHarness({ [CONTROLS]: controlsRoute });

  it.each([
    ["blocked countries", { blockedCountries: "ES, UK" }, "blockedCountries"],
    ["allowed countries", { allowedCountries: "SU" }, "allowedCountries"],
    ["the home country", { homeCountry: "XA" }, "homeCountry"],
  ])("the travel form refuses a code that is no country in %s, and changes nothing", async (_label, fields, field) => {
    const card = await customerWithCard();
    const who = await signIn(card.userId);
    const path = `/cards/${card.cardId}/controls`;
    const result = await call(CONTROLS, "action", postRequest(who, path, { intent: "travel", homeCountry: "GB", mode: "anywhere", blockedCountries: "", allowedCountries: "", ...fields }), { cardId: card.cardId });
    expect(result.status).toBe(422);
    expect(Object.keys((result.body as { reply: { error?: Record<string, string[]> } }).reply.error ?? {})).toEqual([field]);
    const stored = parseCardSettings((await db().selectFrom("cards").select("settings").where("id", "=", card.cardId).executeTakeFirstOrThrow()).settings);
    expect(stored).toEqual(defaultCardSettings("GB"));
  });

  it("the trip form refuses a code that is no country", async () => {
    const card = await customerWithCard();
    const who = await signIn(card.userId);
    const path = `/cards/${card.cardId}/controls`;
    const result = await call(CONTROLS, "action", postRequest(who, path, { intent: "add-trip", tripCountries: "ES, YU", tripStart: "2026-11-20", tripEnd: "2026-11-22" }), { cardId: card.cardId });
    expect(result.status).toBe(422);
    expect(Object.keys((result.body as { reply: { error?: Record<string, string[]> } }).reply.error ?? {})).toEqual(["tripCountries"]);
    expect(await db().selectFrom("trips").select("id").where("card_id", "=", card.cardId).execute()).toEqual([]);
  });

  it("the controls and trips modules refuse unknown countries whoever calls them", async () => {
    const card = await customerWithCard();
    await expect(
      changeCardSettings({ actor: actorOf(card.userId), cardId: card.cardId, edit: (draft) => void draft.travel.blockedCountries.push("ZZ"), confirm: confirmEverything() }),
    ).rejects.toMatchObject({ name: "DomainError", code: "invalid_input" });
    await expect(addTrip(actorOf(card.userId), card.cardId, { countries: ["XX"], startDate: "2026-11-20", endDate: "2026-11-21" }, confirmEverything())).rejects.toMatchObject({ name: "DomainError", code: "invalid_input" });
    expect(await db().selectFrom("trips").select("id").where("card_id", "=", card.cardId).execute()).toEqual([]);
  });

  describe("the development simulator page", () => {
    const build = enforceRoutePolicies({ routes: { "routes/dev.simulator": { id: "routes/dev.simulator", path: "dev/simulator", module: simulatorRoute } } } as unknown as ServerBuild, routePolicies, {
      production: false,
      log: () => undefined,
    });
    const post = async (who: Awaited<ReturnType<typeof signIn>>, country: string) => {
      const request = postRequest(who, "/dev/simulator", { card: "tok_test_abcdef", amount: "12.50", currency: "EUR", country, mcc: "5812", channel: "in_store", merchant: "Cafe Sol" });
      const result = (await (build.routes["routes/dev.simulator"]!.module.action as (args: unknown) => Promise<Response>)({ request, context: requestContext(), params: {} })) as Response;
      return { status: result.status, body: (await result.json()) as { reply?: { error?: Record<string, string[]> } } };
    };

    it("sends Spain as ES and refuses SP next to the field", async () => {
      const card = await customerWithCard();
      const who = await signIn(card.userId);
      const network = await captureServer();
      try {
        // The simulator sends to the first origin; the form itself comes from the second.
        testEnv({ ORIGINS: `${network.url},http://localhost:3000` });
        const spain = await post(who, "Spain");
        expect(spain.status).toBe(200);
        expect(network.bodies.at(-1)).toMatchObject({ country: "ES" });
        const cut = await post(who, "SP");
        expect(cut.status).toBe(400);
        expect(Object.keys(cut.body.reply?.error ?? {})).toEqual(["country"]);
        expect(network.bodies).toHaveLength(1);
      } finally {
        testEnv();
        await network.close();
      }
    });
  });
});

describe("the simulator command", () => {
  const run = promisify(execFile);
  const simulate = (url: string, country: string) =>
    run(process.execPath, ["--import", "tsx", "app/ops/cli/simulate.ts", "--url", url, "--country", country], { env: { ...process.env, ...TEST_SECRETS, NODE_ENV: "test" } });

  it("sends Spain as ES, and refuses SP before sending anything", async () => {
    const network = await captureServer();
    try {
      await simulate(network.url, "Spain");
      expect(network.bodies).toEqual([expect.objectContaining({ country: "ES" })]);
      await expect(simulate(network.url, "SP")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--country must be") });
      expect(network.bodies).toHaveLength(1);
    } finally {
      await network.close();
    }
  }, 60_000);
});
