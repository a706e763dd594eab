//! Where the CLI reads from: a file, or stdin for `-`. What it reads is checked by the core
//! (`toegang::api::input`).

use std::io::{BufRead, BufReader};

/// A file, or stdin for `-`.
pub fn open(file: &str) -> anyhow::Result<Box<dyn BufRead>> {
    use anyhow::Context;
    Ok(if file == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(
            std::fs::File::open(file).with_context(|| format!("reading {file}"))?,
        ))
    })
}
