//! Where the CLI reads from: a file, or stdin for `-`. What it reads is checked by the core
//! (`toegang::api::input`).

use std::io::{BufRead, BufReader};

/// A file, or stdin for `-`. A file that cannot be read is an `input` error naming it.
pub fn open(file: &str) -> anyhow::Result<Box<dyn BufRead>> {
    if file == "-" {
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let unreadable = |message: String| toegang::Error::input(file, message);
    // A folder opens like a file on Linux and fails only when read, without its name.
    if std::fs::metadata(file).is_ok_and(|m| m.is_dir()) {
        return Err(unreadable("is a folder: give a file, or - to read from stdin".into()).into());
    }
    let opened =
        std::fs::File::open(file).map_err(|e| unreadable(format!("cannot be read: {e}")))?;
    Ok(Box::new(BufReader::new(opened)))
}
