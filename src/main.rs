//! `toegang`: the command-line face of the engine, for case systems and rule authors.
//! JSON on stdout, errors on stderr with a non-zero exit code. No rule logic lives here.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use toegang::advice::{Advice, Cost};
/// `print!` and `println!` that return an error instead of panicking when stdout is gone
/// (`toegang municipalities | head`): `main` ends quietly on a broken pipe.
macro_rules! print {
    ($($arg:tt)*) => { write!(std::io::stdout(), $($arg)*)? };
}
macro_rules! println {
    ($($arg:tt)*) => { writeln!(std::io::stdout(), $($arg)*)? };
}

mod cli {
    pub mod input;
}

use toegang::{
    catalogue, ruleset::cases, AdviseOptions, CompiledRuleSet, Registry, RuleSetSource, Situation,
};

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
        /// Municipality: id (`hardenberg`), CBS code (`GM0160`) or name (`Zwolle`). Without a
        /// rule set of its own, the national frame answers, marked as such.
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
        /// Refuse a reference date outside the period the municipality's rules were checked for
        /// (error not_valid_on_date), instead of advising from the latest rules, marked.
        #[arg(long)]
        strict_dates: bool,
    },
    /// List every Dutch municipality (CBS code, name, province) and whether toegang has its rule
    /// set; `--format json` prints the national table itself, as the npm package ships it.
    Municipalities {
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
    },
    /// Compile rule set folders, validate their ids and run their own cases.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Start the rule set of a municipality that has none yet: `rules/<id>/` with its name and CBS
    /// code from the national table, a commented script that starts from the national frame, and
    /// cases that pass.
    New {
        /// Municipality: name (`Zwolle`), CBS code (`GM0193`) or id.
        municipality: String,
        /// The folder to make it in.
        #[arg(long, default_value = "rules")]
        rules_dir: PathBuf,
        /// The first day the rules are for (YYYY-MM-DD); default: 1 January of this year.
        #[arg(long)]
        from: Option<String>,
    },
    /// Run the cases of every bundled rule set.
    Test,
    /// Print the JSON Schema of a situation.
    Schema,
    /// Print the national catalogue: needs, provisions and other routes.
    Catalogue,
    /// Compare municipalities over one population of situations: where do their routes differ?
    Compare {
        /// Municipality ids, comma-separated.
        #[arg(long, short, value_delimiter = ',', required = true)]
        municipalities: Vec<String>,
        /// Size of the generated population.
        #[arg(long, default_value_t = 1000)]
        population: usize,
        /// Seed of the generated population: the same seed gives the same report.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Compare over situations from a JSON-lines file instead of a generated population.
        #[arg(long, conflicts_with_all = ["population", "seed"])]
        situations: Option<PathBuf>,
        /// A rule set folder to compare as well, or instead of the bundled version of its
        /// municipality (a draft in progress); repeat for more.
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
        format: CompareFormat,
    },
    /// Print the generated population compare uses, one situation per line (JSON lines).
    Population {
        /// Number of situations.
        #[arg(long, default_value_t = 1000)]
        size: usize,
        /// Seed: the same seed gives the same situations.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Json,
    Table,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum TableFormat {
    Table,
    Json,
    /// Tab-separated, as the npm package ships it.
    Tsv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum CompareFormat {
    Table,
    Json,
    Csv,
    /// One self-contained page: heatmap, similarity matrix, differences with examples.
    Html,
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
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<toegang::Error>() {
                Some(err) => eprintln!("error[{}]: {err}", err.code()),
                None => eprintln!("error: {e:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

/// The reader of stdout went away (`| head`): nothing is wrong with toegang or its input.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(|io| io.kind()) == broken
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|json| json.io_error_kind())
                == broken
    })
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
            strict_dates,
        } => {
            let input = cli::input::open(&file)?;
            let options = AdviseOptions { strict_dates };
            if jsonl {
                advise_lines(&municipality, input, options)
            } else {
                let text = cli::input::situation_text(input)?;
                advise(&municipality, &text, format, lang, options)
            }
        }
        Command::Municipalities { format } => municipalities(format),
        Command::Check { paths } => check(&paths),
        Command::Test => test(),
        Command::New {
            municipality,
            rules_dir,
            from,
        } => new(&municipality, &rules_dir, from.as_deref()),
        Command::Schema => print_json(&toegang::situation_schema()),
        Command::Population { size, seed } => population(size, seed),
        Command::Compare {
            municipalities,
            population,
            seed,
            situations,
            rule_dirs,
            format,
        } => compare(
            &municipalities,
            population,
            seed,
            situations.as_deref(),
            &rule_dirs,
            format,
        ),
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

fn municipalities(format: TableFormat) -> anyhow::Result<ExitCode> {
    let registry = Registry::bundled()?;
    match format {
        TableFormat::Json => return print_json(registry.table()),
        TableFormat::Tsv => {
            print!("{}", registry.table().to_tsv());
            return Ok(ExitCode::SUCCESS);
        }
        TableFormat::Table => {}
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

fn advise_lines(
    municipality: &str,
    input: impl std::io::BufRead,
    options: AdviseOptions,
) -> anyhow::Result<ExitCode> {
    let registry = Registry::bundled()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0;
    for line in cli::input::lines(input) {
        let (n, text) = line?;
        let answer = registry.advise_line(municipality, text.as_deref(), n, options);
        failed += usize::from(answer.failed);
        writeln!(out, "{}", answer.json)?;
    }
    out.flush()?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn advise(
    municipality: &str,
    text: &str,
    format: Format,
    lang: Lang,
    options: AdviseOptions,
) -> anyhow::Result<ExitCode> {
    let situation = Situation::from_json(text)?;
    let advice = Registry::bundled()?.advise_with_options(municipality, &situation, options)?;
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
    for notice in &advice.notices {
        out += &format!("! {}\n", pick(&notice.text));
    }
    if !advice.notices.is_empty() {
        out += "\n";
    }
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
            Cost::SubscriptionRateNotYetKnown { year, last_known } => match last_known {
                Some(k) => format!(
                    "subscription rate {year} not yet known ({}: €{:.2})",
                    k.year,
                    k.amount_cents as f64 / 100.0
                ),
                None => format!("subscription rate {year} not yet known"),
            },
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
    // The folders must fit with the bundled rules: no second baseline, no overlapping versions,
    // no CBS code claimed twice or belonging to another municipality.
    let registry = Registry::bundled()?.checked_with(&compiled)?;
    let baseline = registry.baseline().clone();
    let mut results = Vec::new();
    for rule_set in &compiled {
        eprintln!(
            "checked {} ({}): compiles, ids valid",
            rule_set.source.dir,
            rule_set.metadata.validity()
        );
        warn_stale_sources(rule_set);
        if rule_set.metadata.kind == toegang::ruleset::RuleSetKind::Municipality {
            coverage_table(rule_set, &baseline)?;
        }
        results.extend(cases::run(rule_set, &baseline)?);
    }
    report(&results)
}

/// Warns (on stderr, without failing) about sources read more than 18 months ago.
fn warn_stale_sources(rule_set: &CompiledRuleSet) {
    for source in rule_set.metadata.stale_sources(today()) {
        eprintln!(
            "warning: {}: source `{}` was last read on {}, more than {} months ago: read it again and update `seen`",
            rule_set.source.metadata_file(),
            source.id,
            source.seen,
            toegang::ruleset::STALE_AFTER_MONTHS
        );
    }
}

/// Today's date (UTC) from the system clock.
fn today() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or_default();
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// Per provision: does the municipality decide it, or does it fall back to the national frame?
/// Measured over the rule set's own cases and the population grid (every need in every profile).
fn coverage_table(rule_set: &CompiledRuleSet, baseline: &CompiledRuleSet) -> anyhow::Result<()> {
    use toegang::compare::population::Population;
    use toegang::ruleset::coverage::DecidedBy;
    let cases = cases::situations(&rule_set.source).unwrap_or_default();
    let population = Population::new(Population::grid_size(), 1);
    let situations: Vec<_> = cases
        .into_iter()
        .map(|(_, s)| s)
        .chain(population.iter())
        .collect();
    let count = situations.len();
    let coverage = toegang::ruleset::coverage::measure(rule_set, baseline, situations)?;
    println!(
        "coverage of {} {} over {count} situations (its cases and the population grid):",
        rule_set.id(),
        rule_set.metadata.version
    );
    println!(
        "  {:<26} {:<15} {:>10} {:>15} {:>7}",
        "PROVISION", "DECIDED BY", "MUNICIPAL", "NATIONAL FRAME", "NOBODY"
    );
    let share =
        |n: usize, of: usize| format!("{}%", (n * 100 + of / 2).checked_div(of).unwrap_or(0));
    for row in &coverage {
        let decided_by = match row.decided_by() {
            DecidedBy::Municipality => "municipality",
            DecidedBy::Partly => "partly",
            DecidedBy::NationalFrame => "national frame",
            DecidedBy::Nobody => "nobody",
            DecidedBy::NotAsked => "not asked",
        };
        let nobody = row.asked - row.municipal - row.national_frame;
        println!(
            "  {:<26} {:<15} {:>10} {:>15} {:>7}",
            row.provision,
            decided_by,
            share(row.municipal, row.asked),
            share(row.national_frame, row.asked),
            share(nobody, row.asked)
        );
    }
    let local = coverage
        .iter()
        .filter(|r| r.decided_by() == DecidedBy::Municipality)
        .count();
    println!(
        "  {local} of {} provisions decided by the municipality; \"nobody\" means the resident reads that the need is not answered and is sent to the municipality's desk",
        coverage.len()
    );
    Ok(())
}

fn new(
    municipality: &str,
    rules_dir: &std::path::Path,
    from: Option<&str>,
) -> anyhow::Result<ExitCode> {
    use chrono::Datelike;
    let today = today();
    let valid_from = match from {
        None => chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
        Some(text) => toegang::dates::parse(text).ok_or_else(|| {
            toegang::Error::input(
                "--from",
                format!("`{text}` is not a date: write it as YYYY-MM-DD"),
            )
        })?,
    };
    let registry = Registry::bundled()?;
    let scaffold = toegang::ruleset::scaffold::Scaffold {
        municipality: registry.municipality(municipality)?,
        valid_from,
        today,
        table_source: registry.table().sources.first(),
    };
    let files = scaffold.files()?;
    let dir = rules_dir.join(&scaffold.municipality.id);
    std::fs::create_dir_all(rules_dir)?;
    std::fs::create_dir(&dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            anyhow::anyhow!("{} already exists: nothing was written", dir.display())
        }
        _ => anyhow::Error::new(e).context(format!("cannot make {}", dir.display())),
    })?;
    std::fs::write(dir.join("ruleset.toml"), &files.metadata)?;
    std::fs::write(dir.join("rules.rhai"), &files.script)?;
    std::fs::write(
        dir.join("cases.toml"),
        files.cases.as_deref().unwrap_or_default(),
    )?;
    println!(
        "made {}: ruleset.toml, rules.rhai, cases.toml for {} ({})",
        dir.display(),
        scaffold.municipality.name,
        scaffold.municipality.cbs_code
    );
    println!("next: add its sources and doors to ruleset.toml, then `toegang check {}` (rules/README.md walks you through it)", dir.display());
    Ok(ExitCode::SUCCESS)
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

fn compare(
    municipalities: &[String],
    size: usize,
    seed: u64,
    file: Option<&std::path::Path>,
    rule_dirs: &[PathBuf],
    format: CompareFormat,
) -> anyhow::Result<ExitCode> {
    let mut registry = Registry::bundled()?;
    for dir in rule_dirs {
        registry = registry.with_rule_set(CompiledRuleSet::compile(RuleSetSource::read_dir(dir)?)?);
    }
    let list = match file {
        Some(path) => Some(read_situations(path)?),
        None => None,
    };
    let population = toegang::compare::population::Population::new(size, seed);
    let count = list.as_ref().map_or(size, Vec::len);
    // The bar goes to stderr and hides itself when stderr is not a terminal: stdout stays clean.
    let bar = indicatif::ProgressBar::new(count as u64).with_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} situations, {per_sec}, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let situation = |i: usize| match &list {
        Some(list) => list[i].clone(),
        None => population.situation(i),
    };
    let report =
        toegang::compare::compare(&registry, municipalities, count, &situation, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let source = match file {
        Some(path) => format!("situations from {}", path.display()),
        None => format!("a population of {size}, seed {seed}"),
    };
    match format {
        CompareFormat::Json => {
            print_json(&report)?;
        }
        CompareFormat::Csv => print!("{}", comparison_csv(&report)),
        CompareFormat::Table => print!("{}", comparison_table(&report, &source)),
        CompareFormat::Html => {
            let names: std::collections::BTreeMap<String, String> = registry
                .summaries()
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect();
            let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
            print!(
                "{}",
                toegang::compare::html::render(&report, &name, &source)
            );
        }
    }
    // Situations a rule set could not evaluate make its figures incomplete: say so in every
    // format, and end with a non-zero exit code.
    let failed = failed_evaluations(&report);
    for line in &failed {
        eprintln!("warning: {line}");
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// "lansingerland: 10 of 10 situations could not be evaluated", per municipality with failures.
fn failed_evaluations(report: &toegang::compare::Comparison) -> Vec<String> {
    report
        .municipalities
        .iter()
        .zip(&report.errors)
        .filter(|(_, n)| **n > 0)
        .zip(&report.first_errors)
        .map(|((m, n), first)| {
            let first = first
                .as_ref()
                .map(|e| format!("; the first: [{}] {e}", e.code()))
                .unwrap_or_default();
            format!(
                "{m}: {n} of {} situations could not be evaluated; its figures leave them out{first}",
                report.situations
            )
        })
        .collect()
}

fn population(size: usize, seed: u64) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for situation in toegang::compare::population::Population::new(size, seed).iter() {
        serde_json::to_writer(&mut out, &situation)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn read_situations(path: &std::path::Path) -> anyhow::Result<Vec<Situation>> {
    let input = cli::input::open(&path.to_string_lossy())?;
    let mut list = Vec::new();
    for line in cli::input::lines(input) {
        let (n, text) = line?;
        let situation = text
            .and_then(|line| Situation::from_json(&line))
            .map_err(|e| match e {
                toegang::Error::Input { path, message } => toegang::Error::Input {
                    path: format!("line {n}{}{path}", if path.is_empty() { "" } else { ": " }),
                    message,
                },
                other => other,
            })?;
        list.push(situation);
    }
    Ok(list)
}

fn comparison_csv(report: &toegang::compare::Comparison) -> String {
    let mut out = String::from("provision,municipality,asked,open_access,decision_required,not_offered,elsewhere,no_advice\n");
    for p in &report.provisions {
        for (m, r) in report.municipalities.iter().zip(&p.routes) {
            out += &format!(
                "{},{m},{},{},{},{},{},{}\n",
                p.provision,
                p.asked,
                r.open_access,
                r.decision_required,
                r.not_offered,
                r.elsewhere,
                r.no_advice
            );
        }
    }
    out
}

fn comparison_table(report: &toegang::compare::Comparison, source: &str) -> String {
    let ms = &report.municipalities;
    let mut out = format!("Compared {} situations ({source}).\n", report.situations);
    for line in failed_evaluations(report) {
        out += &format!("Not complete: {line}\n");
    }
    out += &format!(
        "\nSimilarity: share of situations with the same advice\n{:<16}",
        ""
    );
    for m in ms {
        out += &format!(" {m:>14}");
    }
    for (m, row) in ms.iter().zip(&report.similarity) {
        out += &format!("\n{m:<16}");
        for v in row {
            out += &format!(" {v:>14.2}");
        }
    }
    out += &format!(
        "\n\nOpen access: share of the situations that asked for the provision\n{:<26} {:>6}",
        "provision", "asked"
    );
    for m in ms {
        out += &format!(" {m:>14}");
    }
    for p in &report.provisions {
        out += &format!("\n{:<26} {:>6}", p.provision, p.asked);
        for r in &p.routes {
            out += &format!(" {:>14.2}", r.open_access as f64 / p.asked.max(1) as f64);
        }
    }
    out += "\n\nDifferences, with the smallest situation that shows each\n";
    for d in &report.differences {
        let side = |a: &Option<toegang::advice::ProvisionAdvice>| match a {
            Some(p) => format!(
                "{} ({})",
                p.route.id(),
                p.access.as_ref().map(|x| x.name.as_str()).unwrap_or("-")
            ),
            None => "no advice".into(),
        };
        out += &format!(
            "{} vs {}: {}, {} situations\n",
            d.a, d.b, d.provision, d.count
        );
        if let Some(e) = d.examples.first() {
            out += &format!(
                "    {}\n    {}: {}\n    {}: {}\n",
                describe(&e.situation),
                d.a,
                side(&e.a),
                d.b,
                side(&e.b)
            );
        }
    }
    out
}

/// A situation in a few words: age and whatever differs from the defaults.
fn describe(s: &Situation) -> String {
    let mut parts = vec![format!("age {}", s.age)];
    if s.household != toegang::situation::Household::Alone {
        parts.push(format!("{:?}", s.household).to_lowercase());
    }
    if !s.children.is_empty() {
        parts.push(format!(
            "children {:?}",
            s.children.iter().map(|c| c.age).collect::<Vec<_>>()
        ));
    }
    if let Some(p) = s.income_percent {
        parts.push(format!("income {p}%"));
    }
    for (on, what) in [
        (s.wlz_indication, "Wlz"),
        (s.urgent, "urgent"),
        (s.is_informal_carer, "carer"),
        (s.has_informal_carer, "has a carer"),
    ] {
        if on {
            parts.push(what.into());
        }
    }
    parts.push(format!(
        "asks {}",
        s.needs
            .iter()
            .map(|n| n.id())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    parts.join(", ")
}
