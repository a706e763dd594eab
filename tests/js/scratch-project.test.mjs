// The package as a JavaScript developer gets it: `npm pack` of pkg/, installed into a fresh project
// (no registry needed for a local tarball), imported from ESM and from CommonJS, and the README's
// usage type-checked there with `tsc --strict` against the installed declarations.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(".");
let project;

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", SCARF_ANALYTICS: "false" } });
  assert.equal(result.status, 0, `${command} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

before(() => {
  const work = mkdtempSync(join(tmpdir(), "toegang-scratch-"));
  const tarball = run("npm", ["pack", join(root, "pkg"), "--pack-destination", work, "--silent"], work).trim().split("\n").pop();
  project = join(work, "project");
  cpSync(join(root, "tests/js/types"), project, { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  run("npm", ["install", "--offline", "--no-save", join(work, tarball)], project);
  // tsc resolves "toegang" through node_modules now, as in a real project.
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["esnext", "dom"], skipLibCheck: false },
    files: ["readme-usage.ts"],
  }));
});

test("an ESM project imports the installed package by name and gets advice", () => {
  writeFileSync(join(project, "use.mjs"), `
    import { advise, findMunicipalities } from "toegang";
    const advice = advise("lansingerland", { reference_date: new Date(2026, 2, 1), age: 38, household: "family", children: [{ age: 8 }], needs: ["parenting"] });
    console.log(advice.reference_date, advice.provisions[0].route, findMunicipalities("Gramsbergen")[0].id);
  `);
  assert.equal(run(process.execPath, ["use.mjs"], project).trim(), "2026-03-01 open_access hardenberg");
});

test("a CommonJS project loads it with import()", () => {
  writeFileSync(join(project, "use.cjs"), `
    import("toegang").then(({ municipalities }) => console.log(municipalities().length > 5));
  `);
  assert.equal(run(process.execPath, ["use.cjs"], project).trim(), "true");
});

test("the README's usage type-checks with tsc --strict against the installed package", () => {
  run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], project);
});
