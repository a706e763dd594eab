// The npm package in pkg/, as Node-based case systems use it. Run by scripts/test.sh after
// scripts/build-pkg.sh: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { advise, adviseJson, terms, questions, compare, municipalities, findMunicipalities, RuleSet, ruleSetSource, situationSchema, catalogue, engineStatus } from "../../pkg/node.js";
import { situations } from "./situations.mjs";

const family = { reference_date: "2026-03-01", age: 38, household: "family", partner_age: 40, children: [{ age: 8 }], needs: ["parenting"] };
const metadata = JSON.parse(readFileSync(new URL("../fixtures/draft-ruleset.json", import.meta.url), "utf8"));

test("advise returns open-access parenting support at Team Jeugd in Lansingerland", () => {
  const advice = advise("lansingerland", family);
  const p = advice.provisions.find((p) => p.provision === "opvoedondersteuning");
  assert.equal(p.route, "open_access");
  assert.equal(p.access.party, "team_jeugd");
  assert.equal(p.free_sessions, null);
  assert.match(p.reasons[0].text.nl, /Informatie en advies zijn gratis/);
});

test("terms explains the words of the same advice that the CLI's table lists under 'Woorden'", () => {
  const situation = { reference_date: "2026-11-26", age: 81, household: "alone", needs: ["household_tasks", "individual_guidance"] };
  const words = terms("hardenberg", situation);
  assert.equal(words[0].term.nl, "Samen Doen Hardenberg");
  assert.equal(words[0].first_in, "begeleiding_individueel");
  const cli = spawnSync("target/debug/toegang", ["advise", "-m", "hardenberg", "--format", "table", "-"], { input: JSON.stringify(situation) });
  const table = cli.stdout.toString().split("Woorden:\n")[1];
  assert.deepEqual(table.trim().split("\n").map((l) => l.trim()), words.map((w) => `${w.term.nl}: ${w.explanation.nl}`));
  assert.throws(() => terms("hardenberg", { ...situation, age: -1 }), (e) => e.code === "input" && e.path === "age");
});

test("questions lists the follow-up facts that can change the advice, as `toegang questions` does", () => {
  const couple = { reference_date: "2026-03-01", age: 80, household: "with_partner", partner_age: 78, needs: ["household_tasks"] };
  for (const id of ["hardenberg", "westerveld", "zwolle"]) {
    const asked = questions(id, couple);
    const cli = spawnSync("target/debug/toegang", ["questions", "-m", id, "-"], { input: JSON.stringify(couple) });
    assert.deepEqual(asked, JSON.parse(cli.stdout.toString()), id);
    assert.ok(asked.some((q) => q.fact === "housemate_help" && !q.answered), id);
  }
  assert.ok(questions("westerveld", couple).some((q) => q.fact === "income_percent"));
  assert.throws(() => questions("westerveld", { ...couple, age: -1 }), (e) => e.code === "input" && e.path === "age");
});

test("municipalities lists the bundled rule sets", () => {
  const list = municipalities();
  assert.ok(list.some((m) => m.id === "lansingerland" && m.cbs_code === "GM1621" && m.cases >= 12));
  assert.ok(list.some((m) => m.kind === "baseline"));
});

test("an input error is an Error with code and path", () => {
  const bad = { ...family, children: [{ age: 3 }, { age: "8" }] };
  assert.throws(() => advise("lansingerland", bad), (e) => e instanceof Error && e.code === "input" && e.path === "children[1].age");
});

test("a script error is an Error with line and column", () => {
  assert.throws(
    () => RuleSet.compile('open_access("ontmoeting")\n  .via("lokett");', metadata),
    (e) => e.code === "validation" && e.line === 2 && e.column === 8 && /lokett/.test(e.message),
  );
});

test("after any error the next call works", () => {
  const runaway = RuleSet.compile("loop {}", metadata);
  for (let i = 0; i < 100; i++) {
    assert.throws(() => runaway.advise(family), (e) => e.code === "limit_exceeded");
    assert.throws(() => advise("atlantis", family), (e) => e.code === "unknown_municipality");
  }
  assert.equal(advise("lansingerland", family).provisions[0].route, "open_access");
});

test("the schema and catalogue are plain objects", () => {
  assert.ok(situationSchema().properties.needs);
  assert.ok(catalogue().some((p) => p.id === "rolstoel"));
});

test("adviseJson gives, as text, the advice advise gives as an object, and the same errors", () => {
  for (const situation of situations().slice(0, 60)) {
    assert.deepEqual(JSON.parse(adviseJson("westerveld", JSON.stringify(situation))), advise("westerveld", situation));
  }
  assert.throws(() => adviseJson("westerveld", '{"age": 70, "needs": ["meals"], "reference_date": "2026-03-01", "children": [{"age": "8"}]}'),
    (e) => e.code === "input" && e.path === "children[0].age");
  assert.throws(() => adviseJson("westerveld", "not json"), (e) => e.code === "input");
});

test("parity: the CLI and the wasm module give byte-identical lines for the same situations, bad ones included", () => {
  const all = situations();
  assert.ok(all.length >= 200, `${all.length} situations`);
  // Bad lines in between: each gets the same error line from both.
  const bad = ['{"age": 300}', "junk", '{"reference_date":"2026-03-01","age":40,"needs":[]} trailing', "[1, 2]"];
  const lines = all.map((s) => JSON.stringify(s));
  bad.forEach((b, i) => lines.splice(10 + 20 * i, 0, b));
  const input = lines.join("\n") + "\n";
  const cliRun = spawnSync("target/debug/toegang", ["advise", "--municipality", "lansingerland", "--jsonl", "-"], { input, maxBuffer: 1 << 28 });
  assert.equal(cliRun.status, 1, "bad lines make the exit code 1");
  const cli = cliRun.stdout.toString();
  const node = spawnSync(process.execPath, ["examples/advise-jsonl.mjs", "lansingerland"], { input, maxBuffer: 1 << 28 });
  assert.equal(node.status, 1, "bad lines make the exit code 1");
  const cliLines = cli.trimEnd().split("\n");
  const wasmLines = node.stdout.toString().trimEnd().split("\n");
  assert.equal(cliLines.length, lines.length);
  assert.equal(wasmLines.length, lines.length);
  assert.equal(cliLines.filter((l) => l.startsWith('{"error"')).length, bad.length);
  cliLines.forEach((line, i) => assert.equal(wasmLines[i], line, `line ${i + 1}: ${lines[i]}`));
});

test("parity: the Node example reads the bytes the CLI reads: not UTF-8, over 64 KiB, CRLF, blank, a BOM, no final newline", () => {
  // Issue 29, attack 8: Node's readline made U+FFFD of bad bytes and split at a lone "\r", so these
  // lines got other error lines (or none) from the example than from the CLI.
  const good = JSON.stringify(situations()[0]);
  const padded = (n) => good.slice(0, -1) + " ".repeat(n - good.length) + "}"; // n bytes, valid
  const limit = 65536;
  // Where UTF-8 goes wrong decides the byte the error names: lone continuation, overlong,
  // surrogate, past U+10FFFF, cut short before ASCII or at the end of the line.
  const invalid = [[0x80], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
    [0xf5], [0xef, 0xbf, 0x41], [0xf0, 0x9f, 0x98], [0xe2, 0x82], [0xff, 0xfe]];
  const lines = [
    Buffer.from(good + "\n"),
    Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), // not UTF-8
    Buffer.from(good + "\r\n"),
    Buffer.from("\n"), // blank: no line out, but it keeps its number
    Buffer.from(" \t\r\n"),
    Buffer.from(padded(limit + 1) + "\n"), // over 64 KiB
    Buffer.from(padded(limit) + "\n"), // exactly 64 KiB: advised
    Buffer.from(padded(limit) + "\r\n"), // 64 KiB and the "\r": too long for the CLI too
    Buffer.from(padded(10 * limit) + "\n"),
    Buffer.from('{"age": 300}\r' + good + "\n"), // a lone "\r" does not end a line
    Buffer.concat([Buffer.from(good.slice(0, 10)), Buffer.from([0xc3, 0x28]), Buffer.from(good.slice(10) + "\n")]),
    Buffer.from("\ufeff" + good + "\n"), // a BOM is not whitespace: the JSON is refused
    Buffer.from("\u3000\u0085 \n"), // blank for Rust, not for JavaScript's trim
    ...invalid.map((bytes) => Buffer.from([...Buffer.from('{"a":"é'), ...bytes, ...Buffer.from('"}\n')])),
    Buffer.from(good + "\r"), // the last line, without "\n": its "\r" stays, and is JSON whitespace
  ];
  const input = Buffer.concat(lines);
  const cliRun = spawnSync("target/debug/toegang", ["advise", "--municipality", "lansingerland", "--jsonl", "-"], { input, maxBuffer: 1 << 28 });
  const node = spawnSync(process.execPath, ["examples/advise-jsonl.mjs", "lansingerland"], { input, maxBuffer: 1 << 28 });
  assert.equal(cliRun.status, 1, cliRun.stderr.toString());
  assert.equal(node.status, 1, node.stderr.toString());
  const cli = cliRun.stdout.toString();
  assert.equal(node.stdout.toString(), cli);
  const out = cli.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(out.length, lines.length - 3);
  const errors = out.filter((l) => l.error).map((l) => [l.line, l.message]);
  const bad = invalid.map((_, i) => 14 + i);
  assert.deepEqual(errors.map(([n]) => n), [2, 6, 8, 9, 10, 11, 12, ...bad]);
  for (const [n, message] of errors.filter(([n]) => n !== 10 && n !== 12)) {
    assert.match(message, [6, 8, 9].includes(n) ? /more than 65536 bytes/ : /not UTF-8 text \(at byte \d+\)/, `line ${n}`);
  }
});

test("100,000 failing calls in a row do not grow the module's memory", () => {
  const memory = { buffer: { get byteLength() { return engineStatus().memoryBytes; } } };
  const runaway = RuleSet.compile("loop {}", metadata);
  const failures = [
    () => advise("atlantis", family),
    () => advise("lansingerland", { ...family, children: [{ age: "8" }] }),
    () => advise("lansingerland", { ...family, reference_date: "2031-01-01" }, { strictDates: true }),
    () => RuleSet.compile('open_access("ontmoetingen");', metadata),
  ];
  const fail = (i) => assert.throws(failures[i % failures.length], (e) => typeof e.code === "string");
  for (let i = 0; i < 2_000; i++) fail(i); // warm-up: the allocator reaches its working size
  for (let i = 0; i < 20; i++) assert.throws(() => runaway.advise(family), (e) => e.code === "limit_exceeded");
  const start = memory.buffer.byteLength;
  for (let i = 0; i < 100_000; i++) fail(i);
  for (let i = 0; i < 50; i++) assert.throws(() => runaway.advise(family), (e) => e.code === "limit_exceeded");
  assert.equal(memory.buffer.byteLength, start, `memory grew from ${start} to ${memory.buffer.byteLength} bytes`);
  assert.equal(advise("lansingerland", family).provisions[0].route, "open_access");
});

test("compare over a list of situations shows where two municipalities differ", () => {
  const report = compare(["hardenberg", "tilburg"], {
    situations: [{ reference_date: "2026-03-01", age: 80, needs: ["household_tasks"] }],
  });
  assert.equal(report.situations, 1);
  const d = report.differences.find((d) => d.provision === "huishoudelijke_hulp");
  assert.equal(d.examples[0].a.route, "open_access");
  assert.equal(d.examples[0].b.route, "decision_required");
  assert.throws(() => compare(["hardenberg"], { situations: [{ age: 80 }] }), (e) => e.code === "input" && e.path === "situations[0]");
});

test("compare reports progress and finds the one rule a draft changes", () => {
  const westerveld = ruleSetSource("westerveld");
  const draft = {
    source: westerveld.source.replace('decision_required("respijtzorg")', 'open_access("respijtzorg")'),
    metadata: { ...westerveld.metadata, id: "concept", name: "Concept Westerveld" },
  };
  const progress = [];
  const report = compare(["westerveld", "concept"], { population: 500, seed: 3, draft }, (done, total) => progress.push([done, total]));
  assert.deepEqual(report.differences.map((d) => d.provision), ["respijtzorg"]);
  assert.equal(report.differences[0].examples[0].a.route, "decision_required");
  assert.equal(report.differences[0].examples[0].b.route, "open_access");
  assert.ok(progress.length >= 50 && progress.length <= 101, `${progress.length} progress calls`);
  assert.deepEqual(progress.at(-1), [500, 500]);
  assert.throws(() => compare(["westerveld", "concept"], { draft: { ...draft, source: "open_access(" } }), (e) => e.code === "script_syntax" && e.line === 1);
});

test("every date gets advice: after the checked period marked, with strictDates an error", () => {
  const later = { ...family, reference_date: "2027-01-04" };
  const advice = advise("lansingerland", later);
  assert.equal(advice.validity.status, "beyond_checked_period");
  assert.equal(advice.validity.checked_until, "2026-12-31");
  assert.equal(advice.notices[0].code, "beyond_checked_period");
  assert.match(advice.notices[0].text.nl, /gecontroleerd tot en met 31 december 2026/);
  assert.throws(() => advise("lansingerland", later, { strictDates: true }), (e) => e.code === "not_valid_on_date");
  assert.throws(() => adviseJson("lansingerland", JSON.stringify(later), { strictDates: true }), (e) => e.code === "not_valid_on_date");
  assert.throws(() => advise("lansingerland", later, { strictDates: "yes" }), (e) => e.code === "input" && e.path === "options.strictDates");
});

test("every municipality: by CBS code or name, the national frame where there are no rules, found by place", () => {
  const situation = { reference_date: "2026-06-01", age: 80, needs: ["household_tasks"] };
  assert.deepEqual(advise("GM0160", situation), advise("hardenberg", situation));
  const zwolle = advise("Zwolle", situation);
  assert.equal(zwolle.coverage, "national_frame");
  assert.equal(zwolle.municipality.cbs_code, "GM0193");
  assert.equal(zwolle.provisions.length, 0);
  const [hit] = findMunicipalities("Gramsbergen");
  assert.equal(hit.id, "hardenberg");
  assert.equal(hit.place, "Gramsbergen");
  assert.deepEqual(findMunicipalities("Qwxyz"), []);
  assert.throws(() => advise("Zwole", situation), (e) => e.code === "unknown_municipality" && /did you mean zwolle/.test(e.message));
});

test("errors carry what the README promises: the limit and its bound, close matches of a municipality", () => {
  const runaway = RuleSet.compile("loop {}", metadata);
  assert.throws(() => runaway.advise(family), (e) => e.code === "limit_exceeded" && e.limit === "operations" && e.bound === 100000 && e.line === 1);
  assert.throws(() => advise("Zwole", family), (e) => e.code === "unknown_municipality" && Array.isArray(e.suggestions) && e.suggestions.includes("zwolle"));
});

test("dates: YYYY-MM-DD or a Date (its local calendar day); anything else names the format", () => {
  const fromDate = advise("lansingerland", { ...family, reference_date: new Date(2026, 2, 1, 0, 30) });
  assert.equal(fromDate.reference_date, "2026-03-01", "a Date just after local midnight is that day, whatever UTC says");
  assert.deepEqual(fromDate, advise("lansingerland", family));
  const report = compare(["lansingerland"], { situations: [{ ...family, reference_date: new Date(2026, 2, 1) }] });
  assert.equal(report.situations, 1);
  assert.throws(() => advise("lansingerland", { ...family, reference_date: new Date("not a date") }),
    (e) => e.code === "input" && e.path === "reference_date" && /YYYY-MM-DD/.test(e.message));
  assert.throws(() => advise("lansingerland", { ...family, reference_date: "1-3-2026" }),
    (e) => e.code === "input" && e.path === "reference_date" && /`1-3-2026` is not a date; write it as YYYY-MM-DD/.test(e.message));
});
