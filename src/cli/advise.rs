//! `toegang advise`: the advice for one situation, or one advice per line of a JSON-lines batch.

use super::input;
use std::io::Write;
use std::process::ExitCode;
use toegang::api;
use toegang::catalogue::Lang;
use toegang::{AdviseOptions, Registry, Situation};

#[derive(clap::Args)]
pub struct Args {
    /// Municipality: id (`hardenberg`), CBS code (`GM0160`) or name (`Zwolle`). Without a
    /// rule set of its own, the national frame answers, marked as such.
    #[arg(long, short)]
    municipality: String,
    /// Situation JSON file, or `-` to read stdin.
    file: String,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Language of the table format.
    #[arg(long, value_enum, default_value_t = LangArg::Nl)]
    lang: LangArg,
    /// Read one situation per line and write one compact advice per line (case-system batches).
    /// A line that fails becomes {"line": N, "error": {...}} and the exit code is non-zero.
    #[arg(long, conflicts_with = "format")]
    jsonl: bool,
    /// Refuse a reference date outside the period the municipality's rules were checked for
    /// (error not_valid_on_date), instead of advising from the latest rules, marked.
    #[arg(long)]
    strict_dates: bool,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
enum Format {
    Json,
    Table,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LangArg {
    Nl,
    En,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reader = input::open(&args.file)?;
    let options = AdviseOptions {
        strict_dates: args.strict_dates,
    };
    if args.jsonl {
        return advise_lines(&args.municipality, reader, options);
    }
    let situation = Situation::from_json(&api::input::situation_text(reader)??)?;
    let advice =
        Registry::bundled()?.advise_with_options(&args.municipality, &situation, options)?;
    match args.format {
        Format::Json => super::print_json(&advice),
        Format::Table => {
            let lang = match args.lang {
                LangArg::Nl => Lang::Nl,
                LangArg::En => Lang::En,
            };
            print!("{}", toegang::advice::table::render(&advice, lang));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// One compact advice (or error) per line, through the core's JSON-lines writer.
fn advise_lines(
    municipality: &str,
    reader: impl std::io::BufRead,
    options: AdviseOptions,
) -> anyhow::Result<ExitCode> {
    let registry = Registry::bundled()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for line in api::input::lines(reader) {
        let (n, text) = line?;
        let answer = registry.advise_line(municipality, text.as_deref(), n, options);
        failed |= answer.failed;
        writeln!(out, "{}", answer.json)?;
    }
    out.flush()?;
    Ok(super::exit_code(failed))
}
