// Rule sets as files next to the module (pkg/rules/): the package loads a municipality's file when
// it is asked for, verified against the index, and a file that is missing or changed never
// answers; that municipality gets the national frame with a notice saying so. Each test works on a
// copy of the package in a folder of its own. Run by scripts/test.sh after scripts/build-pkg.sh.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const pkg = new URL("../../pkg/", import.meta.url);
const rules = new URL("../../rules/", import.meta.url);
const help = { reference_date: "2026-03-01", age: 81, household: "alone", needs: ["household_tasks"] };

/** A copy of the package, changed by `change(dir)`, imported as a case system would. */
async function packageCopy(change = () => {}) {
  const dir = mkdtempSync(join(tmpdir(), "toegang-rules-"));
  cpSync(pkg, dir, { recursive: true });
  change(dir);
  return { dir, api: await import(pathToFileURL(join(dir, "node.js")).href) };
}

const indexOf = (dir) => JSON.parse(readFileSync(join(dir, "rules", "index.json"), "utf8"));
const fileOf = (dir, id) => join(dir, "rules", indexOf(dir).rule_sets.find((e) => e.id === id).file);
const codes = (advice) => advice.notices.map((n) => n.code);

test("neither the resident page's module nor the package's carries a municipality's rules: adding one cannot change their size", () => {
  const municipal = readdirSync(rules, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "baseline")
    .map((d) => d.name);
  assert.ok(municipal.length >= 8, municipal.join());
  for (const file of ["toegang_resident_bg.wasm", "toegang_bg.wasm"]) {
    const module = readFileSync(new URL(file, pkg)).toString("latin1");
    for (const name of municipal) {
      assert.ok(!module.includes(`rules/${name}`), `rules/${name} is inside ${file}`);
      // A line long enough to be its own: the script's longest.
      const script = readFileSync(new URL(`${name}/rules.rhai`, rules), "utf8");
      const longest = script.split("\n").map((l) => l.trim()).sort((a, b) => b.length - a.length)[0];
      assert.ok(!module.includes(longest), `a line of rules/${name}/rules.rhai is inside ${file}`);
    }
    assert.ok(module.includes("rules/baseline"), `the national frame travels inside ${file}`);
  }
});

// The module carries the national frame and nothing municipal, so a rule set folder added to
// rules/ cannot change it. Built for real, in a copy of the sources with a target folder of its
// own (a minute or two): once as it is, once with one folder more (a second Westerveld under its
// own id). Both in the same place, as symbol names carry a hash of the crate's path.
test("the resident page's module built with one more rule set folder is byte for byte the same", { timeout: 1_800_000 }, () => {
  const root = new URL("../../", import.meta.url);
  const copy = mkdtempSync(join(tmpdir(), "toegang-one-more-"));
  const target = "wasm32-unknown-unknown";
  const build = () => {
    execFileSync("cargo", ["build", "--locked", "--quiet", "--profile", "wasm-resident", "--lib", "--no-default-features", "--target", target], {
      cwd: copy, env: { ...process.env, CARGO_TARGET_DIR: join(copy, "target") }, stdio: ["ignore", "ignore", "inherit"],
    });
    return readFileSync(join(copy, "target", target, "wasm-resident", "toegang.wasm"));
  };
  try {
    for (const item of ["Cargo.toml", "Cargo.lock", "build.rs", "src", "benches/engine.rs", "rules", "target/national-frame"]) {
      cpSync(new URL(item, root), join(copy, item), { recursive: true });
    }
    const before = build();
    const extra = join(copy, "rules", "westerveld_tweede");
    cpSync(join(copy, "rules", "westerveld"), extra, { recursive: true });
    const metadata = join(extra, "ruleset.toml");
    writeFileSync(metadata, readFileSync(metadata, "utf8").replace(/^id = "westerveld"$/m, 'id = "westerveld_tweede"'));
    const after = build();
    assert.ok(!after.toString("latin1").includes("westerveld_tweede"), "the extra rule set is inside the module");
    assert.equal(after.length, before.length, "the module's size changed with one more rule set folder");
    assert.ok(after.equals(before), "the module's bytes changed with one more rule set folder");
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test("every published municipality is listed and found before its file is read, and advised once it is", async () => {
  const { dir, api } = await packageCopy();
  try {
    const listed = api.municipalities().map((m) => m.id);
    for (const entry of indexOf(dir).rule_sets) assert.ok(listed.includes(entry.id), entry.id);
    const [hit] = api.findMunicipalities("Gramsbergen", 1);
    assert.deepEqual([hit.id, hit.has_rule_set], ["hardenberg", true]);
    const advice = api.advise("hardenberg", help);
    assert.equal(advice.coverage, "municipal");
    assert.equal(advice.rule_set.hash, indexOf(dir).rule_sets.find((e) => e.id === "hardenberg").hash);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a file changed after publishing is never used: the national frame answers, with a notice", async () => {
  const { dir, api } = await packageCopy((dir) => {
    const file = fileOf(dir, "hardenberg");
    writeFileSync(file, readFileSync(file, "utf8").replace('\\"72\\"', '\\"720\\"'));
  });
  try {
    const advice = api.advise("hardenberg", help);
    assert.equal(advice.coverage, "national_frame");
    assert.equal(advice.municipality.id, "hardenberg");
    assert.deepEqual(codes(advice).slice(0, 2), ["rules_unavailable", "national_frame"]);
    assert.match(advice.notices[0].text.nl, /De regels van Hardenberg konden nu niet worden geladen/);
    // Another municipality's file is untouched and still answers with its own rules.
    assert.equal(api.advise("tilburg", help).coverage, "municipal");
    const loaded = await api.loadMunicipality("hardenberg");
    assert.equal(loaded.unavailable.code, "rule_set_tampered");
    // A case system that acts only on checked rules gets the reason, not the national frame.
    assert.throws(() => api.advise("hardenberg", help, { strictDates: true }), (e) => e.code === "rule_set_tampered" && /could not be loaded/.test(e.message));
    assert.match(loaded.unavailable.message, /hash to sha256:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a missing file gives the national frame with the notice, the rest of a batch goes on, and a retry finds it once it is back", async () => {
  let removed;
  const { dir, api } = await packageCopy((dir) => {
    removed = fileOf(dir, "westerveld");
    rmSync(removed);
  });
  try {
    const line = api.adviseLine("westerveld", JSON.stringify(help), 1);
    assert.equal(line.failed, false);
    const advice = JSON.parse(line.json);
    assert.equal(advice.coverage, "national_frame");
    assert.equal(codes(advice)[0], "rules_unavailable");
    // Not fetched again on its own; asked to retry once the file is back, it is used.
    cpSync(new URL(`rules/${removed.split("/").pop()}`, pkg), removed);
    assert.equal(api.advise("westerveld", help).coverage, "national_frame");
    assert.deepEqual(await api.loadMunicipality("westerveld", { retry: true }), { id: "westerveld", unavailable: null });
    assert.equal(api.advise("westerveld", help).coverage, "municipal");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without the index every municipality gets the national frame saying its rules could not be loaded", async () => {
  const { dir, api } = await packageCopy((dir) => rmSync(join(dir, "rules", "index.json")));
  try {
    for (const municipality of ["hardenberg", "zwolle"]) {
      const advice = api.advise(municipality, help);
      assert.equal(advice.coverage, "national_frame", municipality);
      assert.equal(codes(advice)[0], "rules_unavailable", municipality);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an index that does not read (an HTML page in its place) is no index: the national frame, saying so", async () => {
  const { dir, api } = await packageCopy((dir) => writeFileSync(join(dir, "rules", "index.json"), "<!doctype html><p>Not found</p>"));
  try {
    const advice = api.advise("hardenberg", help);
    assert.equal(advice.coverage, "national_frame");
    assert.equal(codes(advice)[0], "rules_unavailable");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadMunicipality reads a municipality's file once, by any of its names", async () => {
  const { dir, api } = await packageCopy();
  try {
    assert.equal(api.ruleSetFiles("Den Haag").files.length, 1);
    const [a, b] = await Promise.all([api.loadMunicipality("Den Haag"), api.loadMunicipality("GM0518")]);
    assert.deepEqual(a, { id: "den_haag", unavailable: null });
    assert.deepEqual(b, a);
    assert.deepEqual(api.ruleSetFiles("den_haag").files, []);
    // Once loaded, the file is no longer read: removing it changes nothing.
    rmSync(fileOf(dir, "den_haag"));
    assert.equal(api.advise("den_haag", help).coverage, "municipal");
    await assert.rejects(api.loadMunicipality("Atlantis"), (e) => e.code === "unknown_municipality");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
