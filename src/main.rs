//! `toegang`: the command-line face of the engine, for case systems and rule authors.
//! JSON on stdout, errors on stderr with a non-zero exit code. No rule logic lives here.

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use toegang::advice::{Advice, Cost};
use toegang::{cases, catalogue, CompiledRuleSet, Registry, RuleSetSource, Situation};

#[derive(Parser)]
#[command(
    name = "toegang",
    version,
    about = "Which support can a resident walk into, and which needs a decision?"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the bundled rule sets with CBS code, validity and number of cases.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Advise on one situation (a JSON file, or - for stdin).
    Advise {
        #[arg(long, short)]
        municipality: String,
        /// Situation JSON file, or `-` to read stdin.
        file: String,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Language of the table format.
        #[arg(long, value_enum, default_value_t = Lang::Nl)]
        lang: Lang,
        /// Read one situation per line and write one compact advice per line (case-system batches).
        /// A line that fails becomes {"line": N, "error": {...}} and the exit code is non-zero.
        #[arg(long, conflicts_with = "format")]
        jsonl: bool,
    },
    /// Compile rule set folders, validate their ids and run their own cases.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Run the cases of every bundled rule set.
    Test,
    /// Print the JSON Schema of a situation.
    Schema,
    /// Print the national catalogue: needs, provisions and other routes.
    Catalogue,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Json,
    Table,
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    Nl,
    En,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            match e.downcast_ref::<toegang::Error>() {
                Some(err) => eprintln!("error[{}]: {err}", err.code()),
                None => eprintln!("error: {e:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::List { format } => list(format),
        Command::Advise {
            municipality,
            file,
            format,
            lang,
            jsonl,
        } => {
            let text = read_input(&file)?;
            if jsonl {
                advise_lines(&municipality, &text)
            } else {
                advise(&municipality, &text, format, lang)
            }
        }
        Command::Check { paths } => check(&paths),
        Command::Test => test(),
        Command::Schema => print_json(&toegang::situation_schema()),
        Command::Catalogue => print_json(&serde_json::json!({
            "needs": catalogue::Need::ALL.iter().map(|n| serde_json::json!({"id": n.id(), "name": n.name()})).collect::<Vec<_>>(),
            "provisions": catalogue::catalogue(),
            "other_routes": catalogue::OtherRoute::ALL.iter().map(|r| serde_json::json!({"id": r.id(), "description": r.description()})).collect::<Vec<_>>(),
        })),
    }
}

fn print_json(value: &impl serde::Serialize) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

fn list(format: Format) -> anyhow::Result<ExitCode> {
    let summaries = Registry::bundled()?.summaries();
    if format == Format::Json {
        return print_json(&summaries);
    }
    println!(
        "{:<16} {:<22} {:<7} {:<26} {:>5}  {}",
        "ID", "NAME", "CBS", "VALID", "CASES", "HASH"
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
            "{:<16} {:<22} {:<7} {:<26} {:>5}  {hash}",
            s.id,
            s.name,
            s.cbs_code.unwrap_or_else(|| "-".into()),
            valid,
            s.cases
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn read_input(file: &str) -> anyhow::Result<String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading stdin")?;
        Ok(text)
    } else {
        std::fs::read_to_string(file).with_context(|| format!("reading {file}"))
    }
}

fn advise_lines(municipality: &str, text: &str) -> anyhow::Result<ExitCode> {
    let registry = Registry::bundled()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0;
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match Situation::from_json(line).and_then(|s| registry.advise(municipality, &s)) {
            Ok(advice) => serde_json::to_writer(&mut out, &advice)?,
            Err(e) => {
                failed += 1;
                let error =
                    serde_json::json!({ "line": n + 1, "error": e, "message": e.to_string() });
                serde_json::to_writer(&mut out, &error)?;
            }
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn advise(municipality: &str, text: &str, format: Format, lang: Lang) -> anyhow::Result<ExitCode> {
    let situation = Situation::from_json(text)?;
    let advice = Registry::bundled()?.advise(municipality, &situation)?;
    match format {
        Format::Json => print_json(&advice),
        Format::Table => {
            print!("{}", advice_table(&advice, lang));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn advice_table(advice: &Advice, lang: Lang) -> String {
    let pick = |t: &catalogue::Text| match lang {
        Lang::Nl => t.nl.clone(),
        Lang::En => t.en.clone(),
    };
    let mut out = format!(
        "{} ({}), {} — rule set {}\n\n",
        advice.municipality.name,
        advice.municipality.cbs_code,
        advice.reference_date,
        advice.rule_set.version
    );
    for p in &advice.provisions {
        let where_ = p
            .access
            .as_ref()
            .map(|a| a.name.clone())
            .or_else(|| p.elsewhere.as_ref().map(|e| pick(&e.description)))
            .unwrap_or_default();
        let cost = match &p.cost {
            Cost::None => "free".to_string(),
            Cost::SubscriptionRate { amount_cents, .. } => {
                format!("€{:.2} subscription rate", *amount_cents as f64 / 100.0)
            }
            Cost::Amount { amount_cents, unit } => {
                format!("€{:.2} per {unit:?}", *amount_cents as f64 / 100.0)
            }
            Cost::Unknown => "ask".to_string(),
        };
        out += &format!("{:<40} {:<18} {}\n", pick(&p.name), p.route.id(), where_);
        let mut details = vec![
            format!("cost: {cost}"),
            format!("pgb: {}", if p.pgb_possible { "yes" } else { "no" }),
        ];
        if let Some(n) = p.free_sessions {
            details.push(format!("free sessions: {n}"));
        }
        if let Some(d) = &p.decision {
            details.push(format!("decision within {} weeks", d.term_weeks));
        }
        out += &format!("    {}\n", details.join(" · "));
        for limit in &p.limits {
            out += &format!("    ! {}\n", pick(limit));
        }
        for r in &p.reasons {
            out += &format!("    – {} [{}]\n", pick(&r.text), r.rule);
        }
    }
    for u in &advice.unmet_needs {
        out += &format!("{:<40} {}\n", pick(&u.need.name()), pick(&u.text));
    }
    out += &format!(
        "\n{}\n{}\n",
        pick(&advice.client_support.text),
        pick(&advice.disclaimer)
    );
    out
}

/// Compiles and tests rule set folders. A folder that is the baseline replaces the bundled one.
fn check(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let sources = paths
        .iter()
        .map(|p| RuleSetSource::read_dir(p))
        .collect::<Result<Vec<_>, _>>()?;
    let mut compiled = Vec::new();
    for source in sources {
        compiled.push(CompiledRuleSet::compile(source)?);
    }
    let bundled = Registry::bundled()?;
    let baseline = compiled
        .iter()
        .find(|r| r.metadata.kind == toegang::ruleset::RuleSetKind::Baseline)
        .unwrap_or(bundled.baseline())
        .clone();
    let mut results = Vec::new();
    for rule_set in &compiled {
        eprintln!(
            "checked {} ({}): compiles, ids valid",
            rule_set.source.dir,
            rule_set.metadata.validity()
        );
        results.extend(cases::run(rule_set, &baseline)?);
    }
    report(&results)
}

fn test() -> anyhow::Result<ExitCode> {
    let registry = Registry::bundled()?;
    let mut results = Vec::new();
    for rule_set in registry.rule_sets() {
        results.extend(cases::run(rule_set, registry.baseline())?);
    }
    report(&results)
}

fn report(results: &[cases::CaseResult]) -> anyhow::Result<ExitCode> {
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
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
