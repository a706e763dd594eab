//! `toegang questions`: the follow-up facts whose answer can still change the advice, for one
//! situation (the answers so far): what a form should ask next, and nothing more.

use super::input;
use std::process::ExitCode;
use toegang::{api, AdviseOptions, Registry, Situation};

#[derive(clap::Args)]
pub struct Args {
    /// Municipality: id (`hardenberg`), CBS code (`GM0160`) or name (`Zwolle`).
    #[arg(long, short)]
    municipality: String,
    /// Situation JSON file with the answers so far, or `-` to read stdin.
    file: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = api::input::situation_text(input::open(&args.file)?)??;
    let situation = Situation::from_json(&text)?;
    let registry = Registry::bundled()?;
    let questions = api::questions(
        &registry,
        &args.municipality,
        &situation,
        AdviseOptions::default(),
    )?;
    super::print_json(&questions)
}
