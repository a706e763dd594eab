//! `toegang compare`: where do municipalities' routes differ, over one population or a list of
//! situations? Writes a table, JSON, CSV or a self-contained HTML page.

use super::input;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use toegang::api::{situations_from_lines, PreparedComparison, Situations};
use toegang::compare::population::Population;
use toegang::compare::{html, markdown, report};
use toegang::{CompiledRuleSet, Registry, RuleSetSource, Situation};

#[derive(clap::Args)]
pub struct Args {
    /// Municipality ids, comma-separated.
    #[arg(
        long,
        short,
        value_delimiter = ',',
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    municipalities: Vec<String>,
    /// The whole country: every municipality with a rule set of its own, and one column for the
    /// national frame that all others get.
    #[arg(long)]
    all: bool,
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
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
enum Format {
    Table,
    Json,
    Csv,
    /// One self-contained page: heatmap, similarity matrix, differences with examples.
    Html,
    /// A document per provision for policy advisors (`docs/verschillen-2026.md`), with the CSV's
    /// counts.
    Markdown,
}

/// How many of the first situations the Markdown document reads full advices of, for the costs:
/// a comparison evaluates routes only.
const COST_SAMPLE: usize = 2000;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut registry = Registry::bundled()?;
    for dir in &args.rule_dirs {
        registry = registry.with_rule_set(CompiledRuleSet::compile(RuleSetSource::read_dir(dir)?)?);
    }
    let (situations, source, sample): (_, _, Vec<Situation>) = match &args.situations {
        Some(path) => {
            let list = read_situations(path)?;
            let sample = list.iter().take(COST_SAMPLE).cloned().collect();
            (
                Situations::List(list),
                format!("situations from {}", path.display()),
                sample,
            )
        }
        None => {
            let population = Population::new(args.population, args.seed);
            let label = population.label();
            let sample = (0..args.population.min(COST_SAMPLE))
                .map(|i| population.situation(i))
                .collect();
            (Situations::Population(population), label, sample)
        }
    };
    let country = toegang::compare::country(&registry);
    let municipalities = if args.all {
        country.municipalities.clone()
    } else {
        args.municipalities.clone()
    };
    let comparison = PreparedComparison::new(&registry, situations);
    // The bar goes to stderr and hides itself when stderr is not a terminal: stdout stays clean.
    let bar = indicatif::ProgressBar::new(comparison.len() as u64).with_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} situations, {per_sec}, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let result = comparison.run(&municipalities, &|done| {
        bar.inc(done as u64);
        ControlFlow::Continue(())
    })?;
    bar.finish_and_clear();
    match args.format {
        Format::Json => {
            super::print_json(&result)?;
        }
        Format::Csv => print!("{}", report::csv(&result)),
        Format::Table => print!("{}", report::table(&result, &source)),
        Format::Html => {
            let name = |id: &str| registry.name_of(id);
            print!("{}", html::render(&result, &name, &source));
        }
        Format::Markdown => {
            let name = |id: &str| registry.name_of(id);
            let country = toegang::compare::Country {
                municipalities: result.municipalities.clone(),
                national_frame: country
                    .national_frame
                    .filter(|(id, _)| result.municipalities.contains(id)),
            };
            let command = command_line(&args);
            let costs = markdown::costs(&registry, &result.municipalities, &sample);
            let context = markdown::Context {
                name: &name,
                country: &country,
                source: &source,
                command: &command,
                costs: Some(&costs),
            };
            print!("{}", markdown::render(&result, &context));
        }
    }
    // Situations a rule set could not evaluate make its figures incomplete: say so in every
    // format, and end with a non-zero exit code.
    let failed = report::failed_evaluations(&result);
    for line in &failed {
        eprintln!("warning: {line}");
    }
    Ok(super::exit_code(!failed.is_empty()))
}

/// The command as a reader would type it again (for the Markdown document's first lines).
fn command_line(args: &Args) -> String {
    let which = if args.all {
        "--all".to_string()
    } else {
        format!("-m {}", args.municipalities.join(","))
    };
    let over = match &args.situations {
        Some(path) => format!("--situations {}", path.display()),
        None => format!("--population {} --seed {}", args.population, args.seed),
    };
    format!("toegang compare {which} {over} --format markdown")
}

/// The situations of a JSON-lines file; the first bad line's error names it.
fn read_situations(path: &Path) -> anyhow::Result<Vec<Situation>> {
    let reader = input::open(&path.to_string_lossy())?;
    let mut io_error = None;
    let lines = toegang::api::input::lines(reader)
        .map_while(|line| line.map_err(|e| io_error = Some(e)).ok());
    let list = situations_from_lines(lines);
    if let Some(e) = io_error {
        return Err(e.into());
    }
    Ok(list?)
}
