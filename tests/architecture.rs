//! The shape of `src/` that src/README.md describes, checked: subsystems import each other in one
//! direction only (no circle), the core never imports a face, and the faces (`wasm.rs`, `main.rs`,
//! `cli/`, `http/`) call the native API instead of doing a comparison's or a situation list's work.
//! Inside `script/` the files import each other in one direction too, with `engine.rs` at the top.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The subsystem a file belongs to: its folder under `src/`, or its name at the top.
fn subsystem(path: &Path) -> String {
    let relative = path.strip_prefix("src").unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

/// A file's code without its unit tests (tests may reach anywhere).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Which subsystems each subsystem's code names through `crate::`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(Path::new("src")) {
        let from = subsystem(&path);
        let code = code_of(&path);
        let targets = graph.entry(from.clone()).or_default();
        for part in code.split("crate::").skip(1) {
            let to: String = part
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !to.is_empty() && to != from {
                targets.insert(to);
            }
        }
    }
    graph
}

/// A circle through `start`, if its imports lead back to it.
fn circle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                return Some([path.clone(), vec![next.clone()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push([path.clone(), vec![next.clone()]].concat());
            }
        }
    }
    None
}

#[test]
fn no_subsystem_imports_one_that_imports_it_back() {
    let graph = imports();
    assert!(
        graph.contains_key("script") && graph.contains_key("api"),
        "{graph:?}"
    );
    assert_no_circle(&graph, "");
}

/// Fails with the first import circle found in `graph`, named with `place` (" in script/").
fn assert_no_circle(graph: &BTreeMap<String, BTreeSet<String>>, place: &str) {
    for node in graph.keys() {
        if let Some(circle) = circle_from(graph, node) {
            panic!("import circle{place}: {}", circle.join(" → "));
        }
    }
}

#[test]
fn the_core_never_imports_a_face() {
    for (from, targets) in imports() {
        if ["wasm", "main", "cli", "http"].contains(&from.as_str()) {
            continue;
        }
        for face in ["wasm", "cli", "http"] {
            assert!(!targets.contains(face), "{from} imports the face {face}");
        }
    }
}

#[test]
fn the_faces_leave_comparisons_and_situation_lists_to_the_native_api() {
    let mut faces = rust_files(Path::new("src/cli"));
    faces.extend(rust_files(Path::new("src/http")));
    faces.extend([PathBuf::from("src/wasm.rs"), PathBuf::from("src/main.rs")]);
    for face in faces {
        let code = code_of(&face);
        for work in [
            "compare::compare(",
            "Situation::from_value",
            "with_rule_set(draft",
            "situations[",
        ] {
            assert!(
                !code.contains(work),
                "{} does `{work}` itself: leave it to toegang::api",
                face.display()
            );
        }
    }
}

/// The code that ships, without its `#[cfg(test)]` modules (by the house rule, at the end of a
/// file) and `#[cfg(test)]` items (test switches and helpers in between).
fn shipped_code(path: &Path) -> String {
    let code = code_of(path);
    let mut kept = String::new();
    let mut skipping_test_fn = false;
    let mut depth = 0i32;
    for line in code.lines() {
        if line.trim() == "#[cfg(test)]" {
            skipping_test_fn = true;
            depth = 0;
            continue;
        }
        if skipping_test_fn {
            depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
            let item_ended = depth <= 0 && (line.contains('}') || line.trim_end().ends_with(';'));
            if item_ended {
                skipping_test_fn = false;
            }
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// Which files of `script/` each file of `script/` names (`crate::script::<file>`, `super::<file>`)
/// in the code that ships, comments aside: a link in a doc comment is no import.
fn script_imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(Path::new("src/script")) {
        let from = path.file_stem().unwrap().to_string_lossy().to_string();
        if from == "mod" {
            continue;
        }
        let targets = graph.entry(from.clone()).or_default();
        for line in shipped_code(&path).lines() {
            let code = line.split("//").next().unwrap_or_default();
            for prefix in ["crate::script::", "super::"] {
                for part in code.split(prefix).skip(1) {
                    let to: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    if !to.is_empty() && to != from {
                        targets.insert(to);
                    }
                }
            }
        }
    }
    graph
}

#[test]
fn the_files_of_script_import_each_other_in_one_direction_and_none_imports_the_engine() {
    let graph = script_imports();
    assert!(
        graph.contains_key("engine") && graph.contains_key("sandbox"),
        "{graph:?}"
    );
    assert_no_circle(&graph, " in script/");
    for (from, targets) in &graph {
        assert!(
            !targets.contains("engine"),
            "script/{from}.rs imports script/engine.rs, the top of script/"
        );
    }
}

#[test]
fn no_shipped_code_can_panic_on_an_unwrap_an_expect_or_a_panic() {
    let mut found = Vec::new();
    for path in rust_files(Path::new("src")) {
        for line in shipped_code(&path).lines() {
            let code = line.split("//").next().unwrap_or_default();
            for call in [
                ".unwrap()",
                ".expect(",
                "panic!(",
                "unreachable!(",
                "todo!(",
            ] {
                if code.contains(call) {
                    found.push(format!("{}: {}", path.display(), line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "every error is typed, never a panic:\n{}",
        found.join("\n")
    );
}
