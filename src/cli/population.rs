//! `toegang population`: the generated population `compare` uses, as JSON lines.

use std::io::Write;
use std::process::ExitCode;
use toegang::compare::population::Population;

#[derive(clap::Args)]
pub struct Args {
    /// Number of situations.
    #[arg(long, default_value_t = 1000)]
    size: usize,
    /// Seed: the same seed gives the same situations.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for situation in Population::new(args.size, args.seed).iter() {
        serde_json::to_writer(&mut out, &situation)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
