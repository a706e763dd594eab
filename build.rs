//! Bundles the rule sets under `rules/` into the crate, so the native binary needs no files at
//! run time. The wasm modules carry only the national frame (the baseline): they load a
//! municipality's rule set (and, on the compare page, its cases) as a published, verified file
//! when asked for (`pkg/rules/`), so their size does not grow with the number of
//! municipalities. Only the wasm tests (feature `municipal-rules-inside`) carry them all.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    println!("cargo:rerun-if-changed=src/ruleset/content_hash.rs");
    println!("cargo:rerun-if-changed=src/ruleset/toml_json.rs");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("rules/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("ruleset.toml").is_file())
        .collect();
    dirs.sort();
    // The wasm module carries the metadata as JSON (no TOML parser in it). The compare page's
    // module (feature `authoring`) carries the case files too, as JSON, to run a draft against
    // its base rule set's cases; the resident page's module only their count.
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    let authoring = std::env::var_os("CARGO_FEATURE_AUTHORING").is_some();
    let municipal_inside =
        !wasm || std::env::var_os("CARGO_FEATURE_MUNICIPAL_RULES_INSIDE").is_some();
    let mut out = String::from(
        "/// (dir, metadata, script, cases, case count, content hash)\n#[allow(clippy::type_complexity)]\npub(crate) const BUNDLED: &[(&str, &str, &str, Option<&str>, usize, &str)] = &[\n",
    );
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if !municipal_inside && !is_baseline(&dir) {
            continue;
        }
        for file in ["ruleset.toml", "rules.rhai", "cases.toml"] {
            println!("cargo:rerun-if-changed={}", dir.join(file).display());
        }
        let cases = dir.join("cases.toml");
        let count = std::fs::read_to_string(&cases)
            .map(|text| text.lines().filter(|l| l.trim() == "[[case]]").count())
            .unwrap_or(0);
        let hash = content_hash(
            &std::fs::read_to_string(dir.join("ruleset.toml")).unwrap(),
            &std::fs::read_to_string(dir.join("rules.rhai")).unwrap(),
        );
        let cases = match (cases.is_file(), wasm, authoring) {
            (false, _, _) | (true, true, false) => "None".into(),
            (true, false, _) => format!("Some(include_str!({:?}))", cases),
            (true, true, true) => format!(
                "Some(include_str!({:?}))",
                as_json(&cases, &format!("{name}.cases"))
            ),
        };
        writeln!(
            out,
            "    (\"rules/{name}\", include_str!({:?}), include_str!({:?}), {cases}, {count}, {hash:?}),",
            if wasm {
                as_json(&dir.join("ruleset.toml"), &name)
            } else {
                dir.join("ruleset.toml")
            },
            if wasm && !authoring {
                without_comment_lines(&dir.join("rules.rhai"), &name)
            } else {
                dir.join("rules.rhai")
            }
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(dest, out).unwrap();
}

/// Whether the folder holds the baseline (`kind = "baseline"` in its `ruleset.toml`).
fn is_baseline(dir: &Path) -> bool {
    let text = std::fs::read_to_string(dir.join("ruleset.toml")).expect("ruleset.toml is readable");
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    value.get("kind").and_then(|k| k.as_str()) == Some("baseline")
}

/// For the wasm module: a TOML file (`ruleset.toml`, `cases.toml`) as JSON, so the module needs no
/// TOML parser.
fn as_json(file: &Path, name: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(file).expect("the rule file is readable");
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join(format!("{name}.json"));
    std::fs::write(&dest, toml_to_json(value).to_string()).unwrap();
    dest
}

/// For the resident page's module: the script with each line that holds only a `//` comment left
/// empty. Every rule keeps its line and column, so an error or a reason's `file:line` is the same
/// as natively; the content hash is over the original files. The comments are a tenth of the
/// module's rule text, and the resident page never shows a script (the compare page's module
/// keeps them).
fn without_comment_lines(file: &Path, name: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(file).expect("the rule file is readable");
    let stripped: String = text
        .split_inclusive('\n')
        .map(|line| match line.trim_start().starts_with("//") {
            true => {
                if line.ends_with('\n') {
                    "\n"
                } else {
                    ""
                }
            }
            false => line,
        })
        .collect();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join(format!("{name}.rhai"));
    std::fs::write(&dest, stripped).unwrap();
    dest
}

// TOML to JSON, with dates as plain strings: the same conversion the crate uses natively.
include!("src/ruleset/toml_json.rs");

// The same content hash as `toegang::ruleset::content_hash`, over the original files, so the
// native build and the wasm module (which carries the metadata as JSON) report the same hash.
include!("src/ruleset/content_hash.rs");
