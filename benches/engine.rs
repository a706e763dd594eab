//! Benchmarks of the engine: compiling the bundled rule sets, one advice per municipality over a
//! realistic mix (its own cases), and how long the sandbox takes to stop hostile scripts.
//!   cargo bench --bench engine

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use toegang::{authoring::cases, CompiledRuleSet, Registry, RuleSetSource, Situation};

fn compile(c: &mut Criterion) {
    c.bench_function("compile all bundled rule sets", |b| {
        b.iter(|| Registry::bundled().unwrap())
    });
}

/// What the npm package does the first time a municipality is asked for: verify its published
/// file against the index (SHA-256 of the bytes), read it and compile it into the registry.
fn load_published(c: &mut Criterion) {
    let bundled = Registry::bundled().unwrap();
    let (index, files) = bundled.publish().unwrap();
    let largest = files.iter().max_by_key(|f| f.bytes.len()).unwrap();
    let baseline = bundled.baseline().source().clone();
    let empty = Registry::from_sources(vec![baseline])
        .unwrap()
        .with_table(bundled.table().clone())
        .with_index(index);
    let name = format!(
        "load and verify one published rule set ({}, {} bytes)",
        largest.entry.id,
        largest.bytes.len()
    );
    c.bench_function(&name, |b| {
        b.iter(|| {
            empty
                .clone()
                .with_published(&largest.entry.file, &largest.bytes)
                .unwrap()
        })
    });
}

fn advise(c: &mut Criterion) {
    let registry = Registry::bundled().unwrap();
    let mut group = c.benchmark_group("advise");
    for rule_set in registry
        .rule_sets()
        .filter(|r| r.metadata().cbs_code.is_some())
    {
        let situations: Vec<Situation> = cases::situations(rule_set.source())
            .unwrap()
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        group.bench_with_input(
            BenchmarkId::from_parameter(rule_set.id()),
            &situations,
            |b, situations| {
                let mut i = 0;
                b.iter(|| {
                    i = (i + 1) % situations.len();
                    black_box(registry.advise(rule_set.id(), &situations[i]).unwrap())
                })
            },
        );
    }
    group.finish();
}

fn hostile(c: &mut Criterion) {
    let registry = Registry::bundled().unwrap();
    let situation = Situation::from_json(
        r#"{"reference_date":"2026-03-01","age":80,"needs":["household_tasks"]}"#,
    )
    .unwrap();
    let metadata = r#"
id = "bench"
name = "Bench"
cbs_code = "GM9996"
version = "1"
valid_from = "2025-01-01"
[[sources]]
id = "b"
title = "Benchmark"
seen = "2026-11-22"
status = "assumption"
"#;
    let scripts = [
        ("endless loop", "loop {}"),
        (
            "string doubling",
            "let s = \"xxxxxxxxxxxxxxxx\"; for i in 0..30 { s += s; }",
        ),
        (
            "huge array",
            "let a = []; for i in 0..100000 { a.push(i); }",
        ),
    ];
    let mut group = c.benchmark_group("sandbox stops");
    for (name, script) in scripts {
        let source = RuleSetSource {
            dir: "rules/bench".into(),
            metadata: metadata.into(),
            script: script.into(),
            cases: None,
            case_count: None,
            content_hash: None,
        };
        let rule_set = CompiledRuleSet::compile(source).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                toegang::registry::advise_with(&rule_set, registry.baseline(), &situation)
                    .unwrap_err()
            })
        });
    }
    group.finish();
}

/// The eight municipalities the comparison figures in BENCHMARKS.md have always used, and every
/// bundled rule set.
const EIGHT: [&str; 8] = [
    "hardenberg",
    "tilburg",
    "westerveld",
    "zwolle",
    "lansingerland",
    "den_haag",
    "peel_en_maas",
    "eindhoven",
];

fn comparison(c: &mut Criterion) {
    let registry = Registry::bundled().unwrap();
    let all: Vec<String> = registry
        .summaries()
        .into_iter()
        .filter(|s| s.cbs_code.is_some())
        .map(|s| s.id)
        .collect();
    let eight: Vec<String> = EIGHT.iter().map(|id| id.to_string()).collect();
    let population = toegang::compare::population::Population::new(1_000, 1);
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    for (name, ids) in [
        ("8 municipalities x 1,000 situations".to_string(), &eight),
        (format!("{} rule sets x 1,000 situations", all.len()), &all),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                toegang::compare::compare(
                    &registry,
                    ids,
                    population.size,
                    &|i| population.situation(i),
                    &|_| std::ops::ControlFlow::Continue(()),
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    compile,
    load_published,
    advise,
    hostile,
    comparison
);
criterion_main!(benches);
