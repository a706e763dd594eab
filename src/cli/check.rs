//! `toegang check` and `toegang test`: compile rule set folders, validate their ids, show which
//! provisions they decide and run their cases.

use std::path::PathBuf;
use std::process::ExitCode;
use toegang::authoring::cases::{self, CaseResult};
use toegang::authoring::coverage::CoverageReport;
use toegang::ruleset::{RuleSetKind, STALE_AFTER_MONTHS};
use toegang::{CompiledRuleSet, Registry, RuleSetSource};

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Compiles and tests rule set folders. A folder that is the baseline replaces the bundled one.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut compiled = Vec::new();
    for path in &args.paths {
        compiled.push(CompiledRuleSet::compile(RuleSetSource::read_dir(path)?)?);
    }
    // The folders must fit with the bundled rules: no second baseline, no overlapping versions,
    // no CBS code claimed twice or belonging to another municipality.
    let registry = Registry::bundled()?.checked_with(&compiled)?;
    let baseline = registry.baseline();
    let mut results = Vec::new();
    for rule_set in &compiled {
        eprintln!(
            "checked {} ({}): compiles, ids valid",
            rule_set.source().dir,
            rule_set.metadata().validity()
        );
        warn_stale_sources(rule_set);
        if rule_set.metadata().kind == RuleSetKind::Municipality {
            print!("{}", CoverageReport::measure(rule_set, baseline)?.table());
        }
        results.extend(cases::run(rule_set, baseline)?);
    }
    report(&results)
}

/// Runs the cases of every bundled rule set.
pub fn test_bundled() -> anyhow::Result<ExitCode> {
    let registry = Registry::bundled()?;
    let mut results = Vec::new();
    for rule_set in registry.rule_sets() {
        results.extend(cases::run(rule_set, registry.baseline())?);
    }
    report(&results)
}

/// Warns (on stderr, without failing) about sources read more than 18 months ago.
fn warn_stale_sources(rule_set: &CompiledRuleSet) {
    for source in rule_set.metadata().stale_sources(toegang::dates::today()) {
        eprintln!(
            "warning: {}: source `{}` was last read on {}, more than {STALE_AFTER_MONTHS} months ago: read it again and update `seen`",
            rule_set.source().metadata_file(),
            source.id,
            source.seen,
        );
    }
}

fn report(results: &[CaseResult]) -> anyhow::Result<ExitCode> {
    for r in results {
        if r.passed() {
            println!("ok   {} :: {}", r.rule_set, r.case);
        } else {
            println!("FAIL {} :: {}", r.rule_set, r.case);
            for f in &r.failures {
                println!("       {f}");
            }
        }
    }
    let failed = results.iter().filter(|r| !r.passed()).count();
    println!("{} passed, {} failed", results.len() - failed, failed);
    Ok(super::exit_code(failed > 0))
}
