//! Bundles every rule set under `rules/` into the crate, so the native binary and the wasm module
//! carry the same rules without reading files at run time.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("rules/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("ruleset.toml").is_file())
        .collect();
    dirs.sort();
    // The case files are test data: the wasm module carries only how many there are.
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    let mut out =
        String::from("pub(crate) const BUNDLED: &[(&str, &str, &str, Option<&str>, usize)] = &[\n");
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        for file in ["ruleset.toml", "rules.rhai", "cases.toml"] {
            println!("cargo:rerun-if-changed={}", dir.join(file).display());
        }
        let cases = dir.join("cases.toml");
        let count = std::fs::read_to_string(&cases)
            .map(|text| text.lines().filter(|l| l.trim() == "[[case]]").count())
            .unwrap_or(0);
        let cases = if cases.is_file() && !wasm {
            format!("Some(include_str!({:?}))", cases)
        } else {
            "None".into()
        };
        writeln!(
            out,
            "    (\"rules/{name}\", include_str!({:?}), include_str!({:?}), {cases}, {count}),",
            dir.join("ruleset.toml"),
            dir.join("rules.rhai")
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(dest, out).unwrap();
}
