//! `toegang new`: the first version of a municipality's rule set, from the national table.

use std::path::PathBuf;
use std::process::ExitCode;
use toegang::authoring::scaffold::{first_day, Scaffold};
use toegang::Registry;

#[derive(clap::Args)]
pub struct Args {
    /// Municipality: name (`Zwolle`), CBS code (`GM0193`) or id.
    municipality: String,
    /// The folder to make it in.
    #[arg(long, default_value = "rules")]
    rules_dir: PathBuf,
    /// The first day the rules are for (YYYY-MM-DD); default: 1 January of this year.
    #[arg(long)]
    from: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let today = toegang::dates::today();
    let registry = Registry::bundled()?;
    let scaffold = Scaffold {
        municipality: registry.municipality(&args.municipality)?,
        valid_from: first_day(args.from.as_deref(), today)?,
        today,
        table_source: registry.table().sources.first(),
    };
    let dir = scaffold.write(&args.rules_dir)?;
    let m = scaffold.municipality;
    println!(
        "made {}: ruleset.toml, rules.rhai, cases.toml for {} ({})",
        dir.display(),
        m.name,
        m.cbs_code
    );
    println!("next: add its sources and doors to ruleset.toml, then `toegang check {}` (rules/README.md walks you through it)", dir.display());
    Ok(ExitCode::SUCCESS)
}
