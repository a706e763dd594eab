//! toegang vs GoRules ZEN vs a hand-written function on one decision (see src/lib.rs). Before
//! timing, all three must give identical routes for the same 10,000 generated situations.
//!   cargo bench --manifest-path benches/peers/Cargo.toml   (or scripts/bench-peers.sh)

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::sync::Arc;
use toegang::compare::population::Population;
use toegang::{Registry, Situation};
use toegang_peers::*;
use zen_engine::model::DecisionContent;
use zen_engine::DecisionEngine;

const SITUATIONS: usize = 10_000;

/// The seeded population compare uses (reference date 2026-03-01, inside Lansingerland's validity).
fn situations() -> Vec<Situation> {
    Population::new(SITUATIONS, 1).iter().collect()
}

fn peers(c: &mut Criterion) {
    let registry = Registry::bundled().expect("bundled rule sets");
    let situations = situations();
    let facts: Vec<zen_engine::Variable> = situations.iter().map(|s| facts(s).into()).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let content: DecisionContent = serde_json::from_value(jdm(&decision())).expect("JDM parses");
    let engine = DecisionEngine::default();
    let mut zen = engine
        .create_decision(Arc::new(content))
        .expect("ZEN decision");
    zen.compile();
    let zen_eval = |i: usize| {
        runtime
            .block_on(zen.evaluate(facts[i].clone()))
            .expect("ZEN evaluates")
            .result
    };

    // Identical routes first, or there is nothing to compare.
    let mut provisions = 0;
    for (i, situation) in situations.iter().enumerate() {
        let expected = toegang_routes(&registry, situation);
        let zen_result: serde_json::Value = zen_eval(i).to_value();
        assert_eq!(
            zen_routes(&zen_result),
            expected,
            "ZEN differs on situation {i}: {situation:?}"
        );
        assert_eq!(
            hand_written(situation),
            expected,
            "the hand-written function differs on situation {i}: {situation:?}"
        );
        provisions += expected.len();
    }
    eprintln!("identical routes from toegang, ZEN and the hand-written function on {SITUATIONS} situations ({provisions} provision routes)");

    let mut group = c.benchmark_group("one evaluation (Lansingerland routes)");
    let mut i = 0;
    group.bench_function("toegang (full advice)", |b| {
        b.iter(|| {
            i = (i + 1) % SITUATIONS;
            black_box(
                registry
                    .advise("lansingerland", &situations[i])
                    .expect("advice"),
            )
        })
    });
    let mut i = 0;
    group.bench_function("toegang (routes only)", |b| {
        b.iter(|| {
            i = (i + 1) % SITUATIONS;
            black_box(
                registry
                    .routes("lansingerland", &situations[i])
                    .expect("routes"),
            )
        })
    });
    let mut i = 0;
    group.bench_function("zen-engine (decision table)", |b| {
        b.iter(|| {
            i = (i + 1) % SITUATIONS;
            black_box(zen_eval(i))
        })
    });
    let mut i = 0;
    group.bench_function("hand-written Rust", |b| {
        b.iter(|| {
            i = (i + 1) % SITUATIONS;
            black_box(hand_written(&situations[i]))
        })
    });
    group.finish();
}

criterion_group!(benches, peers);
criterion_main!(benches);
