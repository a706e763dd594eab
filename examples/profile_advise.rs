//! Runs `advise` N times for one municipality, over the seeded population or (with `cases`) round
//! the municipality's own cases as the criterion benchmark does, for profiling with callgrind:
//!   cargo build --release --example profile_advise
//!   valgrind --tool=callgrind target/release/examples/profile_advise lansingerland 400 [cases]

use toegang::compare::population::Population;
use toegang::{authoring::cases, Registry, Situation};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let municipality = args.next().unwrap_or_else(|| "lansingerland".into());
    let count: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(400);
    let registry = Registry::bundled()?;
    let situations: Vec<Situation> = match args.next().as_deref() {
        Some("cases") => {
            let rule_set = registry
                .rule_sets()
                .find(|r| r.id() == municipality)
                .ok_or("unknown municipality")?;
            let own: Vec<Situation> = cases::situations(rule_set.source())?
                .into_iter()
                .map(|(_, s)| s)
                .collect();
            own.iter().cycle().take(count).cloned().collect()
        }
        _ => Population::new(count, 1).iter().collect(),
    };
    let mut provisions = 0;
    for situation in &situations {
        provisions += registry.advise(&municipality, situation)?.provisions.len();
    }
    println!("{count} advices, {provisions} provisions");
    Ok(())
}
