//! The command-line contract: JSON on stdout, readable errors with a code on stderr, non-zero exit.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn toegang(args: &[&str], stdin: &str) -> Output {
    toegang_bytes(args, stdin.as_bytes())
}

/// Runs toegang with `stdin` as bytes. toegang may stop reading early (a too-long input), so a
/// write that finds the pipe closed is not a failure of the test.
fn toegang_bytes(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_toegang"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("toegang runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn advise(situation: &str) -> serde_json::Value {
    advise_in("lansingerland", situation)
}

/// The advice JSON of a successful `toegang advise -m MUNICIPALITY -`.
fn advise_in(municipality: &str, situation: &str) -> serde_json::Value {
    let out = toegang(&["advise", "--municipality", municipality, "-"], situation);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn provision<'a>(advice: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    advice["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provision"] == id)
        .unwrap_or_else(|| panic!("{id} in {advice}"))
}

#[test]
fn parenting_support_for_a_child_of_8_is_open_access_and_free_at_team_jeugd() {
    let advice = advise(include_str!("../examples/situations/family-parenting.json"));
    let p = provision(&advice, "opvoedondersteuning");
    assert_eq!(p["route"], "open_access");
    assert_eq!(p["access"]["party"], "team_jeugd");
    assert_eq!(p["free_sessions"], serde_json::Value::Null);
    let reason = &p["reasons"][0];
    assert!(reason["text"]["nl"]
        .as_str()
        .unwrap()
        .contains("Informatie en advies zijn gratis"));
    assert!(reason["text"]["en"]
        .as_str()
        .unwrap()
        .contains("Information and advice are free"));
    assert_eq!(advice["client_support"]["free"], true);
}

#[test]
fn a_wheelchair_for_an_80_year_old_needs_a_decision_within_the_wmo_term() {
    let advice = advise(include_str!("../examples/situations/wheelchair-80.json"));
    let p = provision(&advice, "rolstoel");
    assert_eq!(p["route"], "decision_required");
    assert_eq!(p["decision"]["term_weeks"], 8);
    assert_eq!(p["cost"]["kind"], "none");
}

#[test]
fn a_resident_with_a_wlz_indication_is_sent_elsewhere() {
    let advice = advise(include_str!("../examples/situations/wlz-household.json"));
    let p = provision(&advice, "huishoudelijke_hulp");
    assert_eq!(p["route"], "elsewhere");
    assert_eq!(p["elsewhere"]["id"], "wlz");
}

#[test]
fn the_same_situation_gives_the_same_bytes() {
    let situation = include_str!("../examples/situations/family-parenting.json");
    let a = toegang(&["advise", "-m", "lansingerland", "-"], situation).stdout;
    let b = toegang(&["advise", "-m", "lansingerland", "-"], situation).stdout;
    assert_eq!(a, b);
}

fn fails_with(args: &[&str], stdin: &str, code: &str, mentions: &str) {
    let out = toegang(args, stdin);
    assert!(!out.status.success(), "expected failure for {stdin:?}");
    assert!(out.stdout.is_empty(), "nothing on stdout on error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("error[{code}]")),
        "stderr: {stderr}"
    );
    assert!(
        stderr.contains(mentions),
        "stderr should mention {mentions:?}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_input_is_a_clear_error_with_code_and_path() {
    let advise = ["advise", "-m", "lansingerland", "-"];
    fails_with(&advise, "{\"age\": 80, ", "input", "ends too early");
    fails_with(&advise, "", "input", "empty");
    fails_with(
        &advise,
        r#"{"reference_date":"2026-03-01","age":40,"household":"family","children":[{"age":3},{"age":"8"}],"needs":[]}"#,
        "input",
        "children[1].age: invalid type: string \"8\", expected an integer",
    );
    fails_with(
        &advise,
        r#"{"reference_date":"2026-03-01","age":40,"needs":[],"colour":"blue"}"#,
        "input",
        "colour: unknown field",
    );
    fails_with(
        &advise,
        r#"{"reference_date":"2026-03-01","age":40,"needs":["flying"]}"#,
        "input",
        "needs[0]",
    );
}

#[test]
fn an_unknown_municipality_names_close_matches() {
    let situation = include_str!("../examples/situations/wheelchair-80.json");
    fails_with(
        &["advise", "-m", "Lansingerlnd", "-"],
        situation,
        "unknown_municipality",
        "did you mean lansingerland?",
    );
    fails_with(
        &["advise", "-m", "atlantis", "-"],
        situation,
        "unknown_municipality",
        "`toegang municipalities` lists every municipality",
    );
}

/// Issue 29, attack 6: a municipality id far longer than any real one (100 KB here; one command
/// line argument may hold at most 128 KiB) is unknown at once, without "did you mean" matching,
/// and the error names it cut after 100 characters, in `advise`, a batch and `compare`.
#[test]
fn an_id_longer_than_any_real_one_is_refused_and_echoed_cut() {
    let situation = include_str!("../examples/situations/wheelchair-80.json");
    let huge = "lansingerland".repeat(8_000);
    let cut = format!("`{}…`", &huge[..100]);
    let check = |out: &Output, stream: &[u8]| {
        assert!(!out.status.success());
        let text = String::from_utf8_lossy(stream);
        let start: String = text.chars().take(300).collect();
        assert!(text.len() < 500, "{} bytes: {start}…", text.len());
        assert!(text.contains("unknown_municipality"), "{text}");
        assert!(text.contains(&cut), "{text}");
    };
    let out = toegang(&["advise", "-m", &huge, "-"], situation);
    check(&out, &out.stderr);
    let line = situation.replace('\n', " ");
    let out = toegang(&["advise", "-m", &huge, "--jsonl", "-"], &line);
    check(&out, &out.stdout);
    let out = toegang(
        &[
            "compare",
            "-m",
            &format!("hardenberg,{huge}"),
            "--population",
            "3",
        ],
        "",
    );
    check(&out, &out.stderr);
}

#[test]
fn with_strict_dates_a_date_outside_every_version_is_a_clear_error() {
    let situation = r#"{"reference_date":"2031-01-01","age":80,"needs":["wheelchair"]}"#;
    fails_with(
        &["advise", "-m", "lansingerland", "--strict-dates", "-"],
        situation,
        "not_valid_on_date",
        "2025-01-01 to 2026-12-31",
    );
}

#[test]
fn without_strict_dates_a_later_date_gets_the_latest_rules_marked() {
    let situation = r#"{"reference_date":"2027-01-04","age":80,"needs":["wheelchair"]}"#;
    let advice = advise_in("lansingerland", situation);
    assert_eq!(advice["validity"]["status"], "beyond_checked_period");
    assert_eq!(advice["validity"]["checked_until"], "2026-12-31");
    assert_eq!(advice["notices"][0]["code"], "beyond_checked_period");
    let table = toegang(
        &["advise", "-m", "lansingerland", "--format", "table", "-"],
        situation,
    );
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("gecontroleerd tot en met 31 december 2026"),
        "{text}"
    );
}

#[test]
fn a_municipality_is_named_by_cbs_code_and_one_without_rules_gets_the_national_frame() {
    let situation = include_str!("../examples/situations/wheelchair-80.json");
    let by_id = toegang(&["advise", "-m", "hardenberg", "-"], situation);
    let by_code = toegang(&["advise", "-m", "GM0160", "-"], situation);
    assert!(by_code.status.success());
    assert_eq!(by_code.stdout, by_id.stdout);
    let advice = advise_in("zwolle", situation);
    assert_eq!(advice["coverage"], "national_frame");
    assert_eq!(advice["municipality"]["cbs_code"], "GM0193");
    assert_eq!(advice["notices"][0]["code"], "national_frame");
}

#[test]
fn municipalities_lists_all_342_and_prints_the_table_as_json() {
    let out = toegang(&["municipalities"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1 + 342, "a header and one line each");
    assert!(text
        .lines()
        .any(|l| l.starts_with("GM0193") && l.contains("national frame")));
    assert!(text
        .lines()
        .any(|l| l.starts_with("GM0160") && l.contains("own rule set")));
    let json = toegang(&["municipalities", "--format", "json"], "");
    let table: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(table["municipalities"].as_array().unwrap().len(), 342);
    let hardenberg = table["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "GM0160")
        .unwrap();
    assert!(hardenberg["places"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "Gramsbergen"));
    let tsv =
        String::from_utf8(toegang(&["municipalities", "--format", "tsv"], "").stdout).unwrap();
    assert_eq!(tsv.lines().count(), 1 + 342);
    assert!(tsv
        .lines()
        .any(|l| l.starts_with("GM0160\tHardenberg\tOverijssel\t")));
}

#[test]
fn a_missing_file_or_a_folder_is_an_input_error_naming_it() {
    let missing = toegang(
        &[
            "advise",
            "-m",
            "lansingerland",
            "/nonexistent/situation.json",
        ],
        "",
    );
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with(
        "error[input]: /nonexistent/situation.json: cannot be read: No such file or directory"
    ));
    let folder = std::env::temp_dir();
    let folder = folder.to_str().unwrap();
    let out = toegang(&["questions", "-m", "lansingerland", folder], "");
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("error[input]: {folder}: is a folder: give a file, or - to read from stdin\n")
    );
}

#[test]
fn list_shows_the_bundled_rule_sets_with_cbs_code_and_cases() {
    let out = toegang(&["list", "--format", "json"], "");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lansingerland = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "lansingerland")
        .unwrap();
    assert_eq!(lansingerland["cbs_code"], "GM1621");
    assert_eq!(lansingerland["checked_on"], "2026-11-26");
    assert!(lansingerland["cases"].as_u64().unwrap() >= 12);
    let table = String::from_utf8_lossy(&toegang(&["list"], "").stdout).to_string();
    assert!(table.lines().next().unwrap().contains("CHECKED"));
    assert!(table
        .lines()
        .any(|l| l.starts_with("lansingerland") && l.contains("2026-11-26")));
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["kind"] == "baseline"));
}

#[test]
fn test_runs_every_bundled_case_and_passes() {
    let out = toegang(&["test"], "");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.trim_end().ends_with(" passed, 0 failed"), "{stdout}");
}

#[test]
fn check_reports_a_failing_case_and_exits_non_zero() {
    let dir = std::env::temp_dir().join(format!("toegang-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["ruleset.toml", "rules.rhai"] {
        std::fs::copy(format!("rules/lansingerland/{f}"), dir.join(f)).unwrap();
    }
    std::fs::write(
        dir.join("cases.toml"),
        "[[case]]\nname = \"wrong on purpose\"\nsituation = { reference_date = \"2026-03-01\", age = 80, needs = [\"wheelchair\"] }\nexpect.rolstoel = \"open_access\"\n",
    )
    .unwrap();
    let out = toegang(&["check", dir.to_str().unwrap()], "");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        stdout.contains("rolstoel: expected route open_access, got decision_required"),
        "{stdout}"
    );
    assert!(stdout.contains("0 passed, 1 failed"), "{stdout}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn schema_describes_the_situation() {
    let out = toegang(&["schema"], "");
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(schema["properties"]["needs"].is_object());
    assert!(schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "reference_date"));
}

#[test]
fn the_committed_schemas_of_a_published_rule_set_match_their_types() {
    for (of, committed) in [
        (
            "rule-set-file",
            include_str!("../schema/rule-set-file.schema.json"),
        ),
        (
            "rule-set-index",
            include_str!("../schema/rule-set-index.schema.json"),
        ),
    ] {
        let out = toegang(&["schema", "--of", of], "");
        let generated: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let committed: serde_json::Value = serde_json::from_str(committed).unwrap();
        assert_eq!(
            generated, committed,
            "run `cargo run -- schema --of {of} > schema/{of}.schema.json`"
        );
    }
}

#[test]
fn publish_writes_only_what_changed_and_removes_what_the_index_no_longer_lists() {
    let dir = std::env::temp_dir().join(format!("toegang-publish-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.to_str().unwrap();
    let first = toegang(&["publish", "--out", out], "");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    // Every rule set, each with its cases file, and the index.
    // The baseline travels inside the engine; only municipal rule sets are published.
    let rule_sets = toegang::Registry::bundled().unwrap().rule_sets().count() - 1;
    let written = format!("{} files written, 0 removed", 2 * rule_sets + 1);
    assert!(String::from_utf8_lossy(&first.stderr).contains(&written));
    std::fs::write(dir.join("gone.2020-01-01.json"), "{}").unwrap();
    std::fs::write(dir.join("gone.2020-01-01.cases.json"), "{}").unwrap();
    // A precompressed copy of a removed file would be served in its place by a web server.
    std::fs::write(dir.join("gone.2020-01-01.json.br"), "old").unwrap();
    std::fs::write(dir.join("notes.txt"), "kept").unwrap();
    let again = toegang(&["publish", "--out", out], "");
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 files written, 2 removed"));
    assert!(
        dir.join("notes.txt").exists(),
        "only published files are removed"
    );
    assert!(!dir.join("gone.2020-01-01.json.br").exists());
    let listed = toegang(&["list", "--rules", out, "--format", "json"], "");
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let bundled = toegang(&["list", "--format", "json"], "");
    let bundled: serde_json::Value = serde_json::from_slice(&bundled.stdout).unwrap();
    let hashes = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["hash"].to_string())
            .collect()
    };
    assert_eq!(hashes(&listed), hashes(&bundled));
    assert!(
        !dir.join("baseline.2019-01-01.json").exists(),
        "the baseline travels inside the engine"
    );
    let refused = toegang(&["publish", "--out", out, "rules/baseline"], "");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("travels inside the engine"));
}

/// What the wasm modules embed: the national frame as a published file, with an index that lists
/// it alone, verified by the same loader as any other file.
#[test]
fn publish_writes_the_national_frame_apart_for_the_wasm_modules() {
    let base = std::env::temp_dir().join(format!("toegang-frame-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (out, frame) = (base.join("rules"), base.join("national-frame"));
    let published = toegang(
        &[
            "publish",
            "--out",
            out.to_str().unwrap(),
            "--national-frame",
            frame.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        published.status.success(),
        "{}",
        String::from_utf8_lossy(&published.stderr)
    );
    let index = std::fs::read_to_string(frame.join("index.json")).unwrap();
    let index = toegang::ruleset::published::Index::parse(&index).unwrap();
    assert_eq!(index.rule_sets.len(), 1);
    let entry = &index.rule_sets[0];
    let bytes = std::fs::read(frame.join(&entry.file)).unwrap();
    let source = entry.open(&bytes).unwrap();
    let registry = toegang::Registry::bundled().unwrap();
    assert_eq!(source.hash(), registry.baseline().hash());
    assert_eq!(source.dir, "rules/baseline");
    // Not beside the municipalities: a resident's page never downloads it.
    let beside = std::fs::read_to_string(out.join("index.json")).unwrap();
    assert!(!beside.contains(&entry.file));
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn the_committed_schema_file_matches_the_situation_type() {
    let out = toegang(&["schema"], "");
    let generated: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let committed: serde_json::Value =
        serde_json::from_str(include_str!("../schema/situation.schema.json")).unwrap();
    assert_eq!(
        generated, committed,
        "run `cargo run -- schema > schema/situation.schema.json`"
    );
}

#[test]
fn oversized_situations_are_rejected_before_evaluation() {
    let advise = ["advise", "-m", "lansingerland", "-"];
    let needs = vec!["\"meals\""; 5000].join(",");
    fails_with(
        &advise,
        &format!(r#"{{"reference_date":"2026-03-01","age":80,"needs":[{needs}]}}"#),
        "input",
        "needs",
    );
    let padding = " ".repeat(70 * 1024);
    fails_with(
        &advise,
        &format!(r#"{{"reference_date":"2026-03-01","age":80,"needs":[]}}{padding}"#),
        "input",
        "at most 65536",
    );
}

#[test]
fn compare_writes_only_the_report_to_stdout() {
    let out = toegang(
        &[
            "compare",
            "-m",
            "hardenberg,tilburg",
            "--population",
            "300",
            "--format",
            "json",
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is exactly one JSON report");
    assert_eq!(report["situations"], 300);
    assert!(report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["provision"] == "huishoudelijke_hulp"));
}

#[test]
fn compare_as_csv_has_a_row_per_provision_and_municipality() {
    let out = toegang(
        &[
            "compare",
            "-m",
            "hardenberg,tilburg",
            "--population",
            "100",
            "--format",
            "csv",
        ],
        "",
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("provision,municipality,asked,open_access,decision_required,not_offered,elsewhere,no_advice,failed"));
    assert!(lines.any(|l| l.starts_with("huishoudelijke_hulp,hardenberg,")));
}

#[test]
fn the_population_is_printed_as_json_lines_that_compare_accepts_back() {
    let out = toegang(&["population", "--size", "50", "--seed", "4"], "");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 50);
    let again = toegang(&["population", "--size", "50", "--seed", "4"], "");
    assert_eq!(
        again.stdout,
        text.as_bytes(),
        "the same seed gives the same situations"
    );
    let file =
        std::env::temp_dir().join(format!("toegang-population-{}.jsonl", std::process::id()));
    std::fs::write(&file, &text).unwrap();
    let from_file = toegang(
        &[
            "compare",
            "-m",
            "hardenberg,tilburg",
            "--situations",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
        "",
    );
    let generated = toegang(
        &[
            "compare",
            "-m",
            "hardenberg,tilburg",
            "--population",
            "50",
            "--seed",
            "4",
            "--format",
            "json",
        ],
        "",
    );
    std::fs::remove_file(&file).unwrap();
    assert_eq!(
        from_file.stdout, generated.stdout,
        "the printed population is the compared one"
    );
}

/// The HTML report a policy advisor mails around: heatmap, similarity and the examples, as one
/// self-contained page (snapshot: `tests/snapshots/cli__compare_as_html.snap`).
#[test]
fn compare_as_html_is_one_self_contained_page_with_heatmap_similarity_and_examples() {
    let out = toegang(
        &[
            "compare",
            "-m",
            "hardenberg,tilburg",
            "--population",
            "120",
            "--format",
            "html",
        ],
        "",
    );
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "no scripts, no outside requests"
    );
    assert!(html.contains("<th scope=\"row\">Hulp bij het huishouden</th><td style=\"background:rgb(31 122 61);color:#fff\">100%</td><td style=\"background:rgb(31 69 122);color:#fff\">0%</td>"));
    assert!(html.contains("Iemand van 40, woont alleen; vraagt om Huishouden"));
    insta::assert_snapshot!("compare_as_html", html);
}

#[test]
fn compare_over_a_file_names_the_line_of_a_bad_situation() {
    let file = std::env::temp_dir().join(format!("toegang-compare-{}.jsonl", std::process::id()));
    std::fs::write(&file, "{\"reference_date\":\"2026-03-01\",\"age\":80,\"needs\":[\"household_tasks\"]}\n\n{\"age\":\"old\"}\n").unwrap();
    fails_with(
        &[
            "compare",
            "-m",
            "hardenberg,tilburg",
            "--situations",
            file.to_str().unwrap(),
        ],
        "",
        "input",
        "line 3",
    );
    std::fs::remove_file(file).ok();
}

#[test]
fn a_reader_that_stops_early_ends_toegang_quietly() {
    use std::io::{BufRead, BufReader};
    for args in [
        &["municipalities"][..],
        &["list", "--format", "json"],
        &["population", "--size", "5000"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_toegang"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader goes away, like `| head -1`.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!first.is_empty(), "{args:?}");
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// A fresh folder under the system temp dir, removed first if a previous run left it.
fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("toegang-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    dir
}

#[test]
fn new_starts_a_municipality_whose_check_passes_with_everything_on_the_national_frame() {
    let root = fresh_dir("new");
    let out = toegang(
        &[
            "new",
            "Zwolle",
            "--rules-dir",
            root.to_str().unwrap(),
            "--from",
            "2027-01-01",
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = root.join("zwolle");
    let metadata = std::fs::read_to_string(dir.join("ruleset.toml")).unwrap();
    assert!(metadata.contains("cbs_code = \"GM0193\""), "{metadata}");
    assert!(metadata.contains("valid_to = \"2027-12-31\""), "{metadata}");

    let check = toegang(&["check", dir.to_str().unwrap()], "");
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{stdout}");
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
    assert!(
        stdout.contains("0 of 23 provisions decided by the municipality"),
        "{stdout}"
    );
    let personal_care = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("persoonlijke_verzorging"))
        .unwrap();
    assert!(personal_care.contains("national frame"), "{personal_care}");

    // A second run writes nothing over the author's work.
    std::fs::write(dir.join("rules.rhai"), "// my own rules\n").unwrap();
    let again = toegang(
        &["new", "GM0193", "--rules-dir", root.to_str().unwrap()],
        "",
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists: nothing was written"));
    assert_eq!(
        std::fs::read_to_string(dir.join("rules.rhai")).unwrap(),
        "// my own rules\n"
    );
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn new_refuses_a_municipality_that_has_rules_or_does_not_exist() {
    let root = fresh_dir("new-refused");
    let rules_dir = root.to_str().unwrap();
    let existing = toegang(&["new", "hardenberg", "--rules-dir", rules_dir], "");
    assert!(String::from_utf8_lossy(&existing.stderr).contains("already has a rule set"));
    let unknown = toegang(&["new", "Zwol", "--rules-dir", rules_dir], "");
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean zwolle?"));
    assert!(!root.join("zwolle").exists() && !root.join("hardenberg").exists());
}

#[test]
fn check_shows_which_provisions_the_municipality_decides() {
    let out = toegang(&["check", "rules/westerveld"], "");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let row = |provision: &str| {
        stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(provision))
            .unwrap_or_else(|| panic!("no row for {provision}:\n{stdout}"))
            .to_string()
    };
    assert!(row("huishoudelijke_hulp").contains("municipality"));
    assert!(row("persoonlijke_verzorging").contains("national frame"));
    assert!(row("ontmoeting").contains("nobody"));
    assert!(row("opvoedondersteuning").contains("partly"));
}

#[test]
fn check_warns_about_sources_read_more_than_18_months_ago() {
    let dir = fresh_dir("stale");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("rules/westerveld/rules.rhai", dir.join("rules.rhai")).unwrap();
    std::fs::copy("rules/westerveld/cases.toml", dir.join("cases.toml")).unwrap();
    let metadata = std::fs::read_to_string("rules/westerveld/ruleset.toml").unwrap();
    // One source read long ago, every other one read today: the bundled `seen` dates would turn
    // stale themselves 18 months after they were written, and the test with them.
    let today = toegang::dates::today().to_string();
    let mut sources = 0;
    let metadata: String = metadata
        .lines()
        .map(|line| {
            if !line.starts_with("seen = ") {
                return format!("{line}\n");
            }
            sources += 1;
            let seen = if sources == 1 { "2020-05-01" } else { &today };
            format!("seen = \"{seen}\"\n")
        })
        .collect();
    assert!(
        sources > 1,
        "Westerveld cites more than one source:\n{metadata}"
    );
    std::fs::write(dir.join("ruleset.toml"), metadata).unwrap();
    let out = toegang(&["check", dir.to_str().unwrap()], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "a warning does not fail the check: {stderr}"
    );
    assert!(
        stderr.contains("source `westerveld-uitzonderingen` was last read on 2020-05-01, more than 18 months ago"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn compare_takes_a_rule_set_folder_in_progress_instead_of_the_bundled_version() {
    let dir = fresh_dir("compare-draft");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["ruleset.toml", "cases.toml"] {
        std::fs::copy(format!("rules/westerveld/{f}"), dir.join(f)).unwrap();
    }
    let script = std::fs::read_to_string("rules/westerveld/rules.rhai").unwrap()
        + "\nopen_access(\"ontmoeting\").via(\"gemeente\").cost_free().basis(\"practice\", \"draft\")\n    .because(\"draft\", \"Zonder besluit.\", \"Without a decision.\");\n";
    std::fs::write(dir.join("rules.rhai"), script).unwrap();
    let open_access_to_meeting = |extra: &[&str]| {
        let mut args = vec![
            "compare",
            "-m",
            "westerveld,hardenberg",
            "--population",
            "200",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = toegang(&args, "");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let row = report["provisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["provision"] == "ontmoeting")
            .unwrap()
            .clone();
        (
            row["asked"].as_u64().unwrap(),
            row["routes"][0]["open_access"].as_u64().unwrap(),
        )
    };
    assert_eq!(
        open_access_to_meeting(&[]).1,
        0,
        "bundled Westerveld decides nothing on meeting places"
    );
    let (asked, open) = open_access_to_meeting(&["--rules", dir.to_str().unwrap()]);
    assert!(
        asked > 0 && open == asked,
        "the draft answers every question on it: {open} of {asked}"
    );
    std::fs::remove_dir_all(dir).ok();
}

/// A copy of Westerveld's folder with `ruleset.toml` edited by `edit`.
fn westerveld_copy(name: &str, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let dir = fresh_dir(name);
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["rules.rhai", "cases.toml"] {
        std::fs::copy(format!("rules/westerveld/{f}"), dir.join(f)).unwrap();
    }
    let metadata = std::fs::read_to_string("rules/westerveld/ruleset.toml").unwrap();
    std::fs::write(dir.join("ruleset.toml"), edit(metadata)).unwrap();
    dir
}

fn check_error(dirs: &[&std::path::Path]) -> String {
    let mut args = vec!["check"];
    args.extend(dirs.iter().map(|d| d.to_str().unwrap()));
    let out = toegang(&args, "");
    assert!(!out.status.success());
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn check_refuses_a_rule_set_that_does_not_fit_the_registry() {
    let zwolles_code = westerveld_copy("code-of-other", |m| m.replace("GM1701", "GM0193"));
    let stderr = check_error(&[&zwolles_code]);
    assert!(
        stderr.contains(
            "cbs_code GM0193 is the code of Zwolle in the national table, not of `Westerveld`"
        ),
        "{stderr}"
    );

    let second_id = westerveld_copy("same-code", |m| {
        m.replace("id = \"westerveld\"", "id = \"westerveld2\"")
    });
    let stderr = check_error(&[&second_id]);
    assert!(
        stderr.contains("cbs_code GM1701 is already the code of `westerveld"),
        "{stderr}"
    );

    let overlapping = westerveld_copy("overlap", |m| {
        m.replace("valid_from = \"2025-01-01\"", "valid_from = \"2026-06-01\"")
    });
    let stderr = check_error(&[&overlapping]);
    assert!(stderr.contains("overlaps `westerveld`"), "{stderr}");

    let two_baselines: Vec<_> = ["baseline-a", "baseline-b"]
        .iter()
        .map(|name| {
            let dir = fresh_dir(name);
            std::fs::create_dir_all(&dir).unwrap();
            for f in ["ruleset.toml", "rules.rhai"] {
                std::fs::copy(format!("rules/baseline/{f}"), dir.join(f)).unwrap();
            }
            dir
        })
        .collect();
    let stderr = check_error(&[&two_baselines[0], &two_baselines[1]]);
    assert!(stderr.contains("a second baseline"), "{stderr}");
    for dir in [zwolles_code, second_id, overlapping]
        .iter()
        .chain(&two_baselines)
    {
        std::fs::remove_dir_all(dir).ok();
    }
}

#[test]
fn check_reads_only_regular_files_and_never_echoes_another_file() {
    let dir = westerveld_copy("symlink", |m| m);
    let metadata = dir.join("ruleset.toml");
    std::fs::remove_file(&metadata).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", &metadata).unwrap();
    let stderr = check_error(&[&dir]);
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert!(
        !stderr.contains("root:"),
        "nothing of /etc/passwd is shown: {stderr}"
    );

    // A FIFO would block a reader forever; /dev/zero would never end.
    std::fs::remove_file(&metadata).unwrap();
    let fifo = Command::new("mkfifo").arg(&metadata).status().unwrap();
    assert!(fifo.success());
    let stderr = check_error(&[&dir]);
    assert!(stderr.contains("is not a regular file"), "{stderr}");
    std::fs::remove_dir_all(dir).ok();
}

const SITUATION: &str = r#"{"reference_date":"2026-03-01","age":40,"needs":[]}"#;

#[test]
fn nothing_may_follow_the_situation() {
    for input in [
        format!("{SITUATION} junk"),
        format!("{SITUATION}{SITUATION}"),
        format!("{SITUATION}\n{SITUATION}"),
    ] {
        let out = toegang(&["advise", "-m", "lansingerland", "-"], &input);
        assert!(!out.status.success(), "{input}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("error[input]: more text after the situation"),
            "{stderr}"
        );
    }
}

#[test]
fn a_situation_is_an_object_never_an_array() {
    let out = toegang(
        &["advise", "-m", "lansingerland", "-"],
        r#"["2026-03-01", 40]"#,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected a JSON object"));
    let out = toegang(&["advise", "-m", "lansingerland", "--jsonl", "-"], "[1]\n");
    assert!(String::from_utf8_lossy(&out.stdout).contains("expected a JSON object"));
}

#[test]
fn a_huge_stdin_is_refused_without_reading_it_all() {
    let huge = vec![b' '; 8 * 1024 * 1024];
    let out = toegang_bytes(&["advise", "-m", "lansingerland", "-"], &huge);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("more than 65536 bytes"), "{stderr}");
}

#[test]
fn in_a_batch_every_bad_line_gets_its_own_error_invalid_utf8_included() {
    let mut input = format!("{SITUATION}\n").into_bytes();
    input.extend_from_slice(b"\xff\xfe not text\n");
    input.extend_from_slice(format!("{SITUATION} trailing\n{SITUATION}\n").as_bytes());
    let out = toegang_bytes(&["advise", "-m", "lansingerland", "--jsonl", "-"], &input);
    assert!(
        !out.status.success(),
        "a failed line makes the exit code non-zero"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "one output line per input line");
    assert!(lines[0]["provisions"].is_array());
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["message"].as_str().unwrap().contains("not UTF-8"));
    assert_eq!(lines[2]["line"], 3);
    assert!(lines[2]["message"]
        .as_str()
        .unwrap()
        .contains("more text after"));
    assert!(lines[3]["provisions"].is_array());
}

/// The same seed gives the same population on every target: the wasm tests compare their
/// population with this file too (tests/wasm_shared).
#[test]
fn the_population_of_a_seed_is_fixed() {
    let out = toegang(&["population", "--size", "600", "--seed", "7"], "");
    let expected = std::fs::read_to_string("tests/fixtures/population-600-seed-7.jsonl").unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn a_comparison_with_failed_evaluations_says_so_in_every_format_and_exits_non_zero() {
    let dir = fresh_dir("failing-situations");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.jsonl");
    // 2018 is before the national frame's first day: no municipality can advise on it.
    std::fs::write(
        &file,
        "{\"reference_date\":\"2018-03-01\",\"age\":40,\"needs\":[\"household_tasks\"]}\n{\"reference_date\":\"2026-03-01\",\"age\":80,\"needs\":[\"household_tasks\"]}\n",
    )
    .unwrap();
    for format in ["table", "csv", "json", "html"] {
        let out = toegang(
            &[
                "compare",
                "-m",
                "lansingerland,hardenberg",
                "--situations",
                file.to_str().unwrap(),
                "--format",
                format,
            ],
            "",
        );
        assert!(!out.status.success(), "{format}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("lansingerland: 1 of 2 situations could not be evaluated"),
            "{format}: {stderr}"
        );
    }
    let out = toegang(
        &[
            "compare",
            "-m",
            "lansingerland,hardenberg",
            "--situations",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
        "",
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], serde_json::json!([1, 1]));
    assert_eq!(report["first_errors"][0]["code"], "not_valid_on_date");
    let args = [
        "compare",
        "-m",
        "lansingerland,hardenberg",
        "--situations",
        file.to_str().unwrap(),
        "--format",
        "html",
    ];
    let html = String::from_utf8_lossy(&toegang(&args, "").stdout).to_string();
    assert!(
        html.contains("1 van de 2 situaties konden niet worden beoordeeld"),
        "{html}"
    );
    assert!(html.contains("no rule set of"), "the first error is shown");
    // The CSV carries the same count as the JSON: on every row, per municipality.
    let csv_args = [&args[..6], &["csv"]].concat();
    let csv = String::from_utf8_lossy(&toegang(&csv_args, "").stdout).to_string();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert!(row.ends_with(",1"), "{row}");
    }
    // A municipality agrees with itself on every situation it could evaluate.
    assert_eq!(report["similarity"][0][0], 1.0);
    assert_eq!(report["similarity"][1][1], 1.0);
    std::fs::remove_dir_all(dir).ok();
}

/// A rule set that prints (a debugging leftover) must not corrupt the JSON case systems read.
#[test]
fn a_printing_rule_set_leaves_stdout_to_the_report() {
    let dir = westerveld_copy("printing", |m| m);
    let script = std::fs::read_to_string("rules/westerveld/rules.rhai").unwrap();
    std::fs::write(
        dir.join("rules.rhai"),
        format!("print(\"PRINTED-BY-RULES\"); debug(\"DEBUGGED-BY-RULES\");\n{script}"),
    )
    .unwrap();
    let out = toegang(
        &[
            "compare",
            "-m",
            "westerveld,hardenberg",
            "--rules",
            dir.to_str().unwrap(),
            "--population",
            "50",
            "--format",
            "json",
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
    assert!(!String::from_utf8_lossy(&all).contains("BY-RULES"));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["situations"], 50);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_case_can_state_the_amount_and_a_limit() {
    let (passed, stdout) = check_westerveld_with_cases(
        "amount",
        r#"[[case]]
name = "wrong amount and limit on purpose"
situation = { reference_date = "2026-03-01", age = 80, needs = ["household_tasks"] }
expect.huishoudelijke_hulp = { route = "decision_required", amount = "21.00", limit = "binnen 3 dagen" }
"#,
    );
    assert!(!passed);
    assert!(
        stdout.contains("huishoudelijke_hulp: expected amount 21.00, got 21.80"),
        "{stdout}"
    );
    assert!(
        stdout.contains("expected a limit containing \"binnen 3 dagen\""),
        "{stdout}"
    );
}

/// Upgrading a rule from an assumption to a source is a case too: `assumed = false` fails while
/// the advice still rests on an assumption.
#[test]
fn a_case_can_state_that_the_advice_rests_on_sources_only() {
    let (passed, stdout) = check_westerveld_with_cases(
        "assumed",
        r#"[[case]]
name = "assumed on purpose"
situation = { reference_date = "2026-03-01", age = 80, needs = ["household_tasks"] }
expect.huishoudelijke_hulp = { route = "decision_required", assumed = true }
"#,
    );
    assert!(!passed, "{stdout}");
    assert!(
        stdout.contains("huishoudelijke_hulp: expected assumed true, got false"),
        "{stdout}"
    );
}

/// `toegang check` on a copy of Westerveld with these cases: whether it passed, and what it said.
fn check_westerveld_with_cases(name: &str, cases: &str) -> (bool, String) {
    let dir = westerveld_copy(name, |m| m);
    std::fs::write(dir.join("cases.toml"), cases).unwrap();
    let out = toegang(&["check", dir.to_str().unwrap()], "");
    std::fs::remove_dir_all(dir).ok();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `toegang questions`: what a form should ask next for the answers so far. A couple's
/// household help in Hardenberg depends on whether the partner can do it; once the partner is
/// said to be able to, it is marked answered; bad input is a coded error.
#[test]
fn questions_lists_the_facts_that_can_still_change_the_advice() {
    let couple = r#"{"reference_date":"2026-03-01","age":80,"household":"with_partner","partner_age":78,"needs":["household_tasks"]}"#;
    let out = toegang(&["questions", "-m", "hardenberg", "-"], couple);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let asked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let facts: Vec<&str> = asked
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["fact"].as_str().unwrap())
        .collect();
    assert!(facts.contains(&"housemate_help"), "{facts:?}");
    assert!(
        !facts.contains(&"parents"),
        "only for a child's home adaptation: {facts:?}"
    );
    let answered = couple.replace("\"needs\"", "\"housemate_help\":\"can_help\",\"needs\"");
    let out = toegang(&["questions", "-m", "hardenberg", "-"], &answered);
    let asked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let housemate = asked
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["fact"] == "housemate_help")
        .unwrap();
    assert_eq!(housemate["answered"], true);
    let bad = toegang(&["questions", "-m", "hardenberg", "-"], "{\"age\": -1}");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("error[input]"));
}

#[test]
fn a_former_municipality_or_a_place_asked_for_suggests_the_one_it_is_in_now() {
    let resident = r#"{"reference_date": "2026-06-01", "age": 80, "needs": ["household_tasks"]}"#;
    for (asked, now) in [
        ("Langedijk", "dijk_en_waard"),
        ("Gramsbergen", "hardenberg"),
    ] {
        let out = toegang(&["advise", "-m", asked, "-"], resident);
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        let expected = format!(
            "error[unknown_municipality]: unknown municipality `{asked}`; did you mean {now}"
        );
        assert!(said.starts_with(&expected), "{said}");
    }
}
