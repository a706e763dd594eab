// The README's JavaScript example, as a TypeScript user writes it: it must type-check against the
// package's declarations (tests/js/types.test.mjs runs tsc on it). Not run, only checked.
import { advise, adviseJson, compare, findMunicipalities, loadMunicipality, suggestMunicipalities, RuleSet, situationSchema, engineStatus } from "toegang";
import type { Advice, Situation, Metadata, ToegangError, Comparison } from "toegang";

const situation: Situation = {
  reference_date: "2026-03-01", age: 38, household: "family", children: [{ age: 8 }], needs: ["parenting"],
};
const advice: Advice = advise("lansingerland", situation);
const route: string = advice.provisions[0].route;
advise("hardenberg", { ...situation, reference_date: "2027-01-04" }, { strictDates: true });
advise("hardenberg", { ...situation, reference_date: new Date(2026, 2, 1) }); // a Date, read in local time
findMunicipalities("Gramsbergen");
findMunicipalities("Zwol", 5);
suggestMunicipalities("zwole")[0]?.id;
const loading: Promise<{ id: string; unavailable: { code: string; message: string } | null }> = loadMunicipality("GM0160");
void loading;
const text: string = adviseJson("GM0193", JSON.stringify(situation));

// compare without a progress callback (the README's form), and with one.
const report: Comparison = compare(["hardenberg", "tilburg"], { population: 1000 });
compare(["hardenberg", "tilburg"], { population: 1000, seed: 1 }, (done: number, total: number) => done / total);

const metadata = {} as Metadata;
try {
  RuleSet.compile('open_access("ontmoeting").via("lokett");', metadata).advise(situation);
} catch (e) {
  const error = e as ToegangError;
  const where: [string, number | undefined, number | undefined] = [error.code, error.line, error.column];
  const limit: string | undefined = error.limit;
  const suggestions: string[] | undefined = error.suggestions;
  void [where, limit, suggestions];
}
const schema: Record<string, unknown> = situationSchema();
const status: number = engineStatus().restarts;
void [route, text, report, schema, status];
