//! `toegang list`: the bundled rule sets with CBS code, validity, cases and hash.

use std::process::ExitCode;
use toegang::Registry;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// List the published rule sets in this folder (`toegang publish --out DIR`), each verified,
    /// instead of the bundled ones.
    #[arg(long, value_name = "DIR")]
    rules: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
enum Format {
    Table,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let registry = match &args.rules {
        Some(dir) => Registry::from_published(dir)?,
        None => Registry::bundled()?,
    };
    let summaries = registry.summaries();
    if args.format == Format::Json {
        return super::print_json(&summaries);
    }
    println!(
        "{:<16} {:<22} {:<7} {:<26} {:<11} {:>5}  HASH",
        "ID", "NAME", "CBS", "VALID", "CHECKED", "CASES"
    );
    for s in summaries {
        let valid = format!(
            "{} – {}",
            s.valid_from,
            s.valid_to
                .map(|d| d.to_string())
                .unwrap_or_else(|| "open".into())
        );
        // The first 12 hex digits tell versions apart; `--format json` has the full hash.
        let hash = s.hash.get(..19).unwrap_or(&s.hash);
        println!(
            "{:<16} {:<22} {:<7} {:<26} {:<11} {:>5}  {hash}",
            s.id,
            s.name,
            s.cbs_code.unwrap_or_else(|| "-".into()),
            valid,
            s.checked_on
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            s.cases
        );
    }
    Ok(ExitCode::SUCCESS)
}
