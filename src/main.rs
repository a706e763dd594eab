//! `toegang`: the command-line face of the engine, for case systems and rule authors.
//! JSON on stdout, errors on stderr with a non-zero exit code. No rule logic lives here: each
//! command (one file in `src/cli/`) reads its input, calls the core and writes the answer.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// `print!` and `println!` that return an error instead of panicking when stdout is gone
/// (`toegang municipalities | head`): `main` ends quietly on a broken pipe.
macro_rules! print {
    ($($arg:tt)*) => { std::io::Write::write_fmt(&mut std::io::stdout(), format_args!($($arg)*))? };
}
macro_rules! println {
    () => { print!("\n") };
    ($($arg:tt)*) => { print!("{}\n", format_args!($($arg)*)) };
}

mod cli;

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
    List(cli::list::Args),
    /// Advise on one situation (a JSON file, or - for stdin).
    Advise(cli::advise::Args),
    /// Which follow-up questions can still change the advice for a situation (the answers so far):
    /// what a form should ask next
    Questions(cli::questions::Args),
    /// List every Dutch municipality (CBS code, name, province) and whether toegang has its rule
    /// set; `--format json` prints the national table itself, as the npm package ships it.
    Municipalities(cli::municipalities::Args),
    /// Compile rule set folders, validate their ids and run their own cases.
    Check(cli::check::Args),
    /// Start the rule set of a municipality that has none yet: `rules/<id>/` with its name and CBS
    /// code from the national table, a commented script that starts from the national frame, and
    /// cases that pass.
    New(cli::new::Args),
    /// Write the municipal rule sets as files an engine loads on demand: index.json and one
    /// hash-verified JSON file per rule set version.
    Publish(cli::publish::Args),
    /// Run the cases of every bundled rule set.
    Test,
    /// Print the JSON Schema of a situation, or of a published rule set file or index.
    Schema(SchemaArgs),
    /// Print the national catalogue: needs, provisions and other routes.
    Catalogue,
    /// Compare municipalities over one population of situations: where do their routes differ?
    Compare(cli::compare::Args),
    /// Print the generated population compare uses, one situation per line (JSON lines).
    Population(cli::population::Args),
    /// Serve the engine over HTTP for case systems: /v1 with OpenAPI, problem+json errors and
    /// logs without personal data.
    #[cfg(feature = "http")]
    Serve(cli::serve::Args),
}

#[derive(clap::Args)]
struct SchemaArgs {
    /// Which document's schema.
    #[arg(long, value_enum, default_value_t = SchemaOf::Situation)]
    of: SchemaOf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemaOf {
    /// A resident's situation, as `advise` and every face take it.
    Situation,
    /// One published rule set file (`toegang publish`).
    RuleSetFile,
    /// The index of published rule sets (`index.json`).
    RuleSetIndex,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
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
        Command::List(args) => cli::list::run(args),
        Command::Advise(args) => cli::advise::run(args),
        Command::Questions(args) => cli::questions::run(args),
        Command::Municipalities(args) => cli::municipalities::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::New(args) => cli::new::run(args),
        Command::Test => cli::check::test_bundled(),
        Command::Publish(args) => cli::publish::run(args),
        Command::Schema(args) => cli::print_json(&match args.of {
            SchemaOf::Situation => toegang::situation_schema(),
            SchemaOf::RuleSetFile => toegang::ruleset::published::file_schema(),
            SchemaOf::RuleSetIndex => toegang::ruleset::published::index_schema(),
        }),
        Command::Catalogue => cli::print_json(&toegang::api::catalogue_document()),
        Command::Compare(args) => cli::compare::run(args),
        Command::Population(args) => cli::population::run(args),
        #[cfg(feature = "http")]
        Command::Serve(args) => cli::serve::run(args),
    }
}
