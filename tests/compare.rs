//! Comparing municipalities: the differences found are exactly the planted ones, shrunk to the
//! smallest situation that still shows them, and the report is reproducible.

use toegang::compare::population::Population;
use toegang::compare::{compare, Comparison};
use toegang::{CompiledRuleSet, Registry, Route};

/// Westerveld's rule set under another id, with `edit` applied to its script.
fn westerveld_as(id: &str, edit: impl Fn(&str) -> String) -> CompiledRuleSet {
    let mut source = toegang::registry::bundled_sources()
        .unwrap()
        .into_iter()
        .find(|s| s.dir.ends_with("westerveld"))
        .unwrap();
    source.metadata = source
        .metadata
        .replace("id = \"westerveld\"", &format!("id = \"{id}\""));
    source.script = edit(&source.script);
    source.content_hash = None;
    CompiledRuleSet::compile(source).unwrap()
}

fn run(registry: &Registry, ids: &[&str], population: &Population) -> Comparison {
    let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    compare(
        registry,
        &ids,
        population.size,
        &|i| population.situation(i),
        &|_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap()
}

/// Every bundled municipal rule set's id, and Zwolle (no rule set of its own: the national frame).
fn every_rule_set_and_a_national_frame(registry: &Registry) -> Vec<String> {
    let mut ids: Vec<String> = registry
        .rule_sets()
        .filter(|r| r.id() != "baseline")
        .map(|r| r.id().to_string())
        .collect();
    ids.dedup();
    ids.push("zwolle".into());
    ids
}

fn planted() -> Registry {
    Registry::bundled()
        .unwrap()
        .with_rule_set(westerveld_as("west_a", |s| s.to_string()))
        .with_rule_set(westerveld_as("west_b", |s| {
            s.replace(
                "decision_required(\"respijtzorg\")",
                "open_access(\"respijtzorg\")",
            )
        }))
}

#[test]
fn a_planted_difference_is_found_exactly_with_the_expected_minimal_example() {
    let report = run(&planted(), &["west_a", "west_b"], &Population::new(800, 1));
    assert_eq!(
        report.differences.len(),
        1,
        "{:#?}",
        report
            .differences
            .iter()
            .map(|d| &d.provision)
            .collect::<Vec<_>>()
    );
    let d = &report.differences[0];
    assert_eq!(
        (d.provision.as_str(), d.a.as_str(), d.b.as_str()),
        ("respijtzorg", "west_a", "west_b")
    );
    assert!(d.count > 0);
    let example = &d.examples[0];
    let s = &example.situation;
    assert_eq!(s.needs, vec![toegang::catalogue::Need::RespiteCare]);
    assert_eq!(
        (s.age, s.income_percent, s.wlz_indication, s.children.len()),
        (40, None, false, 0)
    );
    assert_eq!(example.a.as_ref().unwrap().route, Route::DecisionRequired);
    assert_eq!(example.b.as_ref().unwrap().route, Route::OpenAccess);
    assert!(
        !example.b.as_ref().unwrap().reasons.is_empty(),
        "both advices come with their reasons"
    );
    assert!(report.similarity[0][1] < 1.0);
}

#[test]
fn identical_rule_sets_are_fully_similar_with_no_examples() {
    let registry = Registry::bundled()
        .unwrap()
        .with_rule_set(westerveld_as("west_copy", |s| s.to_string()));
    let report = run(
        &registry,
        &["westerveld", "west_copy"],
        &Population::new(600, 3),
    );
    assert!(report.differences.is_empty());
    assert_eq!(report.similarity, vec![vec![1.0, 1.0], vec![1.0, 1.0]]);
    assert!(report.provisions.iter().all(|p| p.similarity[0][1] == 1.0));
}

#[test]
fn the_same_seed_gives_a_byte_identical_report() {
    let registry = Registry::bundled().unwrap();
    let ids = ["lansingerland", "tilburg", "hardenberg"];
    let a = serde_json::to_string(&run(&registry, &ids, &Population::new(1_500, 42))).unwrap();
    let b = serde_json::to_string(&run(&registry, &ids, &Population::new(1_500, 42))).unwrap();
    assert_eq!(a, b);
}

#[test]
fn household_help_differs_between_hardenberg_and_tilburg_for_a_resident_who_only_asks_for_it() {
    let registry = Registry::bundled().unwrap();
    let report = run(
        &registry,
        &["hardenberg", "tilburg"],
        &Population::new(500, 1),
    );
    let d = report
        .differences
        .iter()
        .find(|d| d.provision == "huishoudelijke_hulp")
        .expect("a household-help difference");
    let example = &d.examples[0];
    assert_eq!(
        example.situation.needs,
        vec![toegang::catalogue::Need::HouseholdTasks]
    );
    assert_eq!(example.a.as_ref().unwrap().route, Route::OpenAccess);
    assert_eq!(example.b.as_ref().unwrap().route, Route::DecisionRequired);
    // Hardenberg: open access, unless a fact the scheme names says otherwise.
    for situation in Population::new(500, 1).iter() {
        if !situation
            .needs
            .contains(&toegang::catalogue::Need::HouseholdTasks)
        {
            continue;
        }
        let advice = registry.advise("hardenberg", &situation).unwrap();
        let hh = advice
            .provisions
            .iter()
            .find(|p| p.provision == "huishoudelijke_hulp")
            .unwrap();
        let explained_by_a_fact = situation.wlz_indication
            || situation.housemate_help.is_some()
            || situation.need_weeks.is_some_and(|w| w <= 6)
            || situation
                .household_hours_per_week
                .is_some_and(|h| h * 52.0 > 72.0);
        assert!(
            hh.route == Route::OpenAccess || explained_by_a_fact,
            "Hardenberg: {:?} for {situation:?}",
            hh.route
        );
    }
}

#[test]
fn an_unknown_municipality_is_a_clear_error() {
    let registry = Registry::bundled().unwrap();
    let e = compare(
        &registry,
        &["atlantis".into()],
        1,
        &|i| Population::new(1, 1).situation(i),
        &|_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap_err();
    assert_eq!(e.code(), "unknown_municipality");
}

/// Comparisons evaluate routes only, with no text copied into the decisions; they must be exactly
/// the routes of the full advice, for every bundled rule set and the national frame.
#[test]
fn routes_only_agree_with_the_full_advice() {
    let registry = Registry::bundled().unwrap();
    let population = Population::new(300, 9);
    let ids = every_rule_set_and_a_national_frame(&registry);
    assert!(ids.len() > 40, "{ids:?}");
    for id in &ids {
        for situation in population.iter() {
            let advice = registry.advise(id, &situation).unwrap();
            let routes = registry.routes(id, &situation).unwrap();
            let from_advice: Vec<(String, Route)> = advice
                .provisions
                .iter()
                .map(|p| (p.provision.clone(), p.route))
                .collect();
            let from_routes: Vec<(String, Route)> = toegang::catalogue::catalogue()
                .iter()
                .zip(&routes)
                .filter_map(|(p, r)| r.map(|r| (p.id.to_string(), r)))
                .collect();
            assert_eq!(from_routes, from_advice, "{id}: {situation:?}");
        }
    }
}

/// A comparison recalls the routes of a resident whose facts the rules read the same way as an
/// earlier one's (`script/memo.rs`) instead of running the scripts again. Its counts must still be
/// exactly those of evaluating every situation on its own, for every bundled rule set and the
/// national frame.
#[test]
fn a_comparison_counts_what_each_situation_evaluated_on_its_own_gives() {
    let registry = Registry::bundled().unwrap();
    let population = Population::new(1_000, 3);
    let ids = every_rule_set_and_a_national_frame(&registry);
    let names: Vec<&str> = ids.iter().map(String::as_str).collect();
    let comparison = run(&registry, &names, &population);
    let catalogue = toegang::catalogue::catalogue();
    for (m, id) in ids.iter().enumerate() {
        let mut own = vec![toegang::compare::RouteCounts::default(); catalogue.len()];
        for situation in population.iter() {
            let routes = registry.routes(id, &situation).unwrap();
            for (p, provision) in catalogue.iter().enumerate() {
                if provision.needs.iter().any(|n| situation.needs.contains(n)) {
                    let counts = &mut own[p];
                    match routes[p] {
                        Some(Route::OpenAccess) => counts.open_access += 1,
                        Some(Route::DecisionRequired) => counts.decision_required += 1,
                        Some(Route::NotOffered) => counts.not_offered += 1,
                        Some(Route::Elsewhere) => counts.elsewhere += 1,
                        None => counts.no_advice += 1,
                    }
                }
            }
        }
        for compared in &comparison.provisions {
            let p = catalogue
                .iter()
                .position(|p| p.id == compared.provision)
                .unwrap();
            assert_eq!(compared.routes[m], own[p], "{id}, {}", compared.provision);
        }
    }
}

/// Shrinking on its own: one complex situation, the only one compared, comes back as the smallest
/// that still shows the planted difference (the population grid cannot hand it over ready-made).
#[test]
fn a_complex_differing_situation_is_shrunk_to_the_minimal_one() {
    let complex = toegang::Situation::from_json(
        r#"{"reference_date":"2026-03-01","age":83,"household":"family","partner_age":79,
            "children":[{"age":15},{"age":12}],"household_size":5,"income_percent":150,
            "urgent":true,"mobility":"walks_with_difficulty","has_informal_carer":true,
            "is_informal_carer":true,"needs":["respite_care","household_tasks","transport"]}"#,
    )
    .unwrap();
    let registry = planted();
    let ids = vec!["west_a".to_string(), "west_b".to_string()];
    let report = compare(&registry, &ids, 1, &|_| complex.clone(), &|_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    let d = &report.differences[0];
    assert_eq!(d.provision, "respijtzorg");
    let minimal = toegang::Situation::from_json(
        r#"{"reference_date":"2026-03-01","age":40,"needs":["respite_care"]}"#,
    )
    .unwrap();
    assert_eq!(d.examples[0].situation, minimal);
    assert_eq!(
        d.examples[0].description.nl,
        toegang::compare::describe::describe(&minimal).nl
    );
}

/// A draft that fails for every resident stops the comparison at once with its error (file, line
/// and column), instead of running on and reporting zeros as if it had been compared.
#[test]
fn a_rule_set_that_fails_on_every_situation_stops_the_comparison_with_its_error() {
    for (script, code) in [
        ("loop {}", "limit_exceeded"),
        ("let x = 1 / 0;", "script_runtime"),
    ] {
        let registry = Registry::bundled()
            .unwrap()
            .with_rule_set(westerveld_as("broken", |_| script.to_string()));
        let ids = vec!["westerveld".to_string(), "broken".to_string()];
        let population = Population::new(10_000, 1);
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let error = compare(
            &registry,
            &ids,
            population.size,
            &|i| population.situation(i),
            &|_| {
                calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                std::ops::ControlFlow::Continue(())
            },
        )
        .unwrap_err();
        assert_eq!(error.code(), code, "{error}");
        let location = error.location().unwrap();
        assert!(
            location.file.ends_with("rules.rhai") && location.line == Some(1),
            "{error}"
        );
        assert_eq!(
            calls.into_inner(),
            0,
            "no situation of the population was run"
        );
    }
}

/// A progress callback that answers `Break` stops the comparison between situations, with the
/// typed error `cancelled`: every worker stops before its next situation, so only the few already
/// under way when the callback broke still finish (the HTTP face stops a comparison at its
/// deadline this way instead of computing on after its 503).
#[test]
fn a_progress_callback_that_breaks_stops_the_comparison() {
    use std::ops::ControlFlow;
    use std::sync::atomic::{AtomicUsize, Ordering};
    const STOP_AFTER: usize = 200;
    let registry = Registry::bundled().unwrap();
    let ids: Vec<String> = ["hardenberg", "tilburg"].map(String::from).to_vec();
    let population = Population::new(200_000, 1);
    let calls = AtomicUsize::new(0);
    let error = compare(
        &registry,
        &ids,
        population.size,
        &|i| population.situation(i),
        &|_| match calls.fetch_add(1, Ordering::Relaxed) + 1 >= STOP_AFTER {
            true => ControlFlow::Break(()),
            false => ControlFlow::Continue(()),
        },
    )
    .unwrap_err();
    assert_eq!(error.code(), "cancelled", "{error}");
    assert_eq!(
        serde_json::to_value(&error).unwrap()["code"],
        "cancelled",
        "the serialized error carries its code"
    );
    // Once one call broke, each worker runs at most the situation it is in and sees a break of
    // its own (or the shared stop) before the next: a generous bound, never a time.
    let calls = calls.into_inner();
    assert!(
        (STOP_AFTER..STOP_AFTER + 1_000).contains(&calls),
        "{calls} situations ran of {}",
        population.size
    );
}

/// Shrinking the examples runs many advices per difference, so the comparison can be stopped
/// there too: after every situation was counted (`progress(1)` each), `progress(0)` asks before
/// each step of shrinking, and a break there ends the comparison with `cancelled` at once.
#[test]
fn the_comparison_can_be_stopped_while_it_shrinks_its_examples() {
    use std::ops::ControlFlow;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let registry = Registry::bundled().unwrap();
    let ids: Vec<String> = ["hardenberg", "tilburg"].map(String::from).to_vec();
    let population = Population::new(300, 1);
    let (done, asked) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let error = compare(
        &registry,
        &ids,
        population.size,
        &|i| population.situation(i),
        &|n| {
            done.fetch_add(n, Ordering::Relaxed);
            if n > 0 {
                return ControlFlow::Continue(());
            }
            asked.fetch_add(1, Ordering::Relaxed);
            ControlFlow::Break(())
        },
    )
    .unwrap_err();
    assert_eq!(error.code(), "cancelled", "{error}");
    assert_eq!(
        done.into_inner(),
        population.size,
        "every situation was counted once"
    );
    assert_eq!(
        asked.into_inner(),
        1,
        "it stopped at the first step of shrinking"
    );
    // Going on at every step gives the whole report, whose situations add up to the same count.
    let steps = AtomicUsize::new(0);
    let report = compare(
        &registry,
        &ids,
        population.size,
        &|i| population.situation(i),
        &|n| {
            steps.fetch_add(usize::from(n == 0), Ordering::Relaxed);
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert!(!report.differences.is_empty());
    assert!(steps.into_inner() >= report.differences.len());
}

/// A draft that fills every list of every decision (`advice::MAX_LIST_ITEMS` entries) with
/// texts as long as the sandbox allows (`text` repeated).
fn every_list_full(text: &str) -> String {
    let ids: Vec<String> = toegang::catalogue::catalogue()
        .iter()
        .map(|p| format!("\"{}\"", p.id))
        .collect();
    format!(
        "let s = {text};\nfor id in [{}] {{\n    let d = not_offered(id);\n    \
         for i in 0..{} {{ d.because(s, s, s).limit(s, s).basis(\"practice\", s).assumption(s); }}\n}}\n",
        ids.join(", "),
        toegang::advice::MAX_LIST_ITEMS
    )
}

/// However long a draft makes its advices, the report's examples together stay within
/// `compare::MAX_EXAMPLE_BYTES` as compact JSON, and the rest of the report does not depend on
/// the draft's texts at all: a draft whose every text is 4,096 bytes gives the same report as one
/// whose every text is one byte, but for the examples. (Unbounded, this comparison made a 43 MB
/// report; over 38 municipalities, gigabytes.)
#[test]
fn a_report_stays_within_its_bound_however_long_a_drafts_advices() {
    use toegang::compare::MAX_EXAMPLE_BYTES;
    let long = "\"x\"; for i in 0..12 { s += s; }"; // 2^12 = 4,096 bytes, the sandbox's most
    let registry = Registry::bundled()
        .unwrap()
        .with_rule_set(westerveld_as("long", |s| {
            format!("{s}\n{}", every_list_full(long))
        }))
        .with_rule_set(westerveld_as("short", |s| {
            format!("{s}\n{}", every_list_full("\"x\""))
        }));
    let population = Population::new(30, 1);
    let long = run(&registry, &["long", "zwolle", "almere"], &population);
    let short = run(&registry, &["short", "zwolle", "almere"], &population);
    assert!(long.examples_left_out > 0, "the bound was reached");
    assert_eq!(short.examples_left_out, 0);
    let json = serde_json::to_string(&long).unwrap();
    let without_examples = |report: &Comparison| {
        let mut report = report.clone();
        report.examples_left_out = 0;
        for d in &mut report.differences {
            d.examples.clear();
        }
        serde_json::to_string(&report).unwrap()
    };
    let fixed = without_examples(&long);
    assert_eq!(
        fixed.replace("\"long\"", "\"short\""),
        without_examples(&short),
        "only the examples carry a draft's texts"
    );
    // The examples' JSON with its commas, and the digits of `examples_left_out`.
    let bound = fixed.len() + MAX_EXAMPLE_BYTES + usize::MAX.to_string().len();
    assert!(
        json.len() <= bound,
        "{} bytes, bound {bound} (examples at most {MAX_EXAMPLE_BYTES})",
        json.len()
    );
    assert!(
        json.len() > MAX_EXAMPLE_BYTES / 2,
        "the examples filled most of the budget"
    );
}

/// A rule set that fails for some residents is compared, and the report says how often and the
/// first error.
#[test]
fn failures_for_some_residents_are_counted_with_the_first_error() {
    let registry = Registry::bundled()
        .unwrap()
        .with_rule_set(westerveld_as("picky", |s| {
            format!("if resident.age > 90 {{ let x = 1 / 0; }}\n{s}")
        }));
    let ids = vec!["westerveld".to_string(), "picky".to_string()];
    let population = Population::new(2_000, 1);
    let report = compare(
        &registry,
        &ids,
        population.size,
        &|i| population.situation(i),
        &|_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap();
    let failing = population.iter().filter(|s| s.age > 90).count();
    assert!(failing > 0);
    assert_eq!(report.errors, vec![0, failing]);
    assert!(report.first_errors[0].is_none());
    let first = report.first_errors[1].as_ref().unwrap();
    assert_eq!(
        (first.code(), first.location().unwrap().line),
        ("script_runtime", Some(1))
    );
}

/// Parenting support asked by residents without children applies to nobody: such situations are
/// asked but not relevant, so the shares the compare view shows leave them out.
#[test]
fn a_provision_is_relevant_where_some_municipality_gives_a_route() {
    let registry = Registry::bundled().unwrap();
    let report = run(
        &registry,
        &["hardenberg", "tilburg", "westerveld"],
        &Population::new(2_000, 1),
    );
    for p in &report.provisions {
        assert!(p.relevant <= p.asked, "{}", p.provision);
        for r in &p.routes {
            let routed = r.open_access + r.decision_required + r.not_offered + r.elsewhere;
            assert!(
                routed <= p.relevant,
                "{}: {routed} routes, {} relevant",
                p.provision,
                p.relevant
            );
        }
    }
    let parenting = report
        .provisions
        .iter()
        .find(|p| p.provision == "opvoedondersteuning")
        .unwrap();
    assert!(
        parenting.relevant < parenting.asked,
        "some who ask have no child at home"
    );
    let routed: Vec<usize> = parenting
        .routes
        .iter()
        .map(|r| r.open_access + r.decision_required + r.not_offered + r.elsewhere)
        .collect();
    assert!(routed.iter().all(|n| *n > 0), "{routed:?}");
}

/// The country's differences document (`scripts/report.sh`) gives, per provision, exactly the
/// counts of `toegang compare --all --format csv`: one row per municipality column.
#[test]
fn the_differences_document_counts_what_the_csv_counts() {
    use toegang::compare::{country, markdown, report};
    let registry = Registry::bundled().unwrap();
    let columns = country(&registry);
    let (frame, stands_for) = columns.national_frame.clone().unwrap();
    assert!(
        stands_for > 250,
        "{stands_for} municipalities without rules"
    );
    assert_eq!(columns.municipalities.last(), Some(&frame));
    let population = Population::new(1500, 3);
    let result = compare(
        &registry,
        &columns.municipalities,
        1500,
        &|i| population.situation(i),
        &|_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap();
    let name = |id: &str| registry.name_of(id);
    let context = markdown::Context {
        name: &name,
        country: &columns,
        source: "test",
        command: "toegang compare --all",
        costs: None,
    };
    let document = markdown::render(&result, &context);
    // CSV: provision,municipality,asked,open_access,decision_required,not_offered,elsewhere,no_advice,failed
    let mut rows = 0;
    for line in report::csv(&result).lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let row = format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            f[1], f[2], f[3], f[4], f[5], f[6], f[7]
        );
        let section = document
            .split(&format!("<a id=\"{}\"></a>", f[0]))
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .unwrap_or_else(|| panic!("no section for {}", f[0]));
        assert!(
            section.contains(&row),
            "{}: {row} is not in its section",
            f[0]
        );
        rows += 1;
    }
    assert!(rows > 40 * 15, "{rows} rows");
    assert!(document.contains(&format!("landelijk kader ({stands_for} gemeenten)")));
}

/// The differences document's costs come from full advices over the first residents: Veenendaal's
/// cleaning support at € 10 an hour, Westerveld's household help at the subscription rate.
#[test]
fn the_differences_document_names_what_each_municipality_charges() {
    use toegang::compare::markdown;
    let registry = Registry::bundled().unwrap();
    let population = Population::new(400, 1);
    let sample: Vec<_> = population.iter().collect();
    let ids = ["veenendaal".to_string(), "westerveld".to_string()];
    let costs = markdown::costs(&registry, &ids, &sample);
    assert_eq!(costs.sample, 400);
    let of = |id: &str| &costs.counts[&("huishoudelijke_hulp".to_string(), id.to_string())];
    assert!(
        of("veenendaal").contains_key("€ 10,00 per uur"),
        "{:?}",
        of("veenendaal")
    );
    assert!(
        of("westerveld").contains_key("abonnementstarief"),
        "{:?}",
        of("westerveld")
    );
    assert!(!of("westerveld").keys().any(|k| k.contains("per uur")));
}
