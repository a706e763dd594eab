//! `toegang municipalities`: every Dutch municipality and whether toegang has its rule set.

use std::process::ExitCode;
use toegang::Registry;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
enum Format {
    Table,
    Json,
    /// Tab-separated, as the npm package ships it.
    Tsv,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let registry = Registry::bundled()?;
    match args.format {
        Format::Json => return super::print_json(registry.table()),
        Format::Tsv => {
            print!("{}", registry.table().to_tsv());
            return Ok(ExitCode::SUCCESS);
        }
        Format::Table => {}
    }
    println!(
        "{:<7} {:<28} {:<14} {:<20} RULES",
        "CBS", "NAME", "PROVINCE", "ID"
    );
    for m in registry.municipalities() {
        println!(
            "{:<7} {:<28} {:<14} {:<20} {}",
            m.cbs_code,
            m.name,
            m.province.as_deref().unwrap_or("-"),
            m.id,
            if m.has_rule_set {
                "own rule set"
            } else {
                "national frame"
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
