//! `toegang publish`: the municipal rule sets as files an engine loads on demand: `index.json`
//! and one self-contained, hash-verified JSON file per rule set version (README, "Rule sets as
//! files"). Writes only what changed, so a second run is instant and leaves times alone.

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use toegang::registry::Published;
use toegang::ruleset::published::{Index, INDEX_FILE};
use toegang::ruleset::RuleSetKind;
use toegang::{CompiledRuleSet, Registry, RuleSetSource};

#[derive(clap::Args)]
pub struct Args {
    /// The folder to write: index.json and one file per rule set version (made if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Also write the national frame as a published file, with an index of its own, in this
    /// folder: what the wasm modules embed (scripts/build-pkg.sh, before it builds them).
    #[arg(long, value_name = "DIR")]
    national_frame: Option<PathBuf>,
    /// Rule set folders to publish beside the bundled ones, or in place of a bundled version
    /// with the same id and first day (a municipality's own newer rules); checked as
    /// `toegang check` checks them.
    folders: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut compiled = Vec::new();
    for folder in &args.folders {
        let rule_set = CompiledRuleSet::compile(RuleSetSource::read_dir(folder)?)?;
        if rule_set.metadata().kind == RuleSetKind::Baseline {
            bail!(
                "{}: the national frame travels inside the engine; it is not published beside the municipalities",
                folder.display()
            );
        }
        compiled.push(rule_set);
    }
    let registry = Registry::bundled()?.checked_with(&compiled)?;
    let (index, files) = registry.publish()?;
    let written = write_folder(&args.out, &index, &files)?;
    let removed = remove_unlisted(&args.out, &index)?;
    if let Some(dir) = &args.national_frame {
        let (index, file) = registry.publish_national_frame()?;
        write_folder(dir, &index, std::slice::from_ref(&file))?;
        remove_unlisted(dir, &index)?;
    }
    let largest = files.iter().map(|f| f.bytes.len()).max().unwrap_or(0);
    eprintln!(
        "published {} rule sets in {} ({written} files written, {removed} removed; largest {largest} bytes)",
        files.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `files` (with their cases) and `index` into `dir`, made if missing; how many files it
/// wrote.
fn write_folder(dir: &Path, index: &Index, files: &[Published]) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    let mut written = 0;
    for file in files {
        written += usize::from(write_if_changed(&dir.join(&file.entry.file), &file.bytes)?);
        if let (Some(name), Some(cases)) = (&file.entry.cases_file, &file.cases) {
            written += usize::from(write_if_changed(&dir.join(name), cases)?);
        }
    }
    let mut text = serde_json::to_string_pretty(index)?;
    text.push('\n');
    written += usize::from(write_if_changed(&dir.join(INDEX_FILE), text.as_bytes())?);
    Ok(written)
}

/// Writes `bytes` unless the file holds them already; whether it wrote. A precompressed copy
/// next to a file it writes is removed: a web server sending `.br` or `.gz` as they are would
/// otherwise serve the old version (with its old index, which it matches).
fn write_if_changed(path: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    remove_precompressed(path)?;
    Ok(true)
}

/// Removes `path.br` and `path.gz` where they exist.
fn remove_precompressed(path: &Path) -> anyhow::Result<()> {
    for extension in ["br", "gz"] {
        let copy = PathBuf::from(format!("{}.{extension}", path.display()));
        if copy.exists() {
            std::fs::remove_file(&copy)
                .with_context(|| format!("cannot remove {}", copy.display()))?;
        }
    }
    Ok(())
}

/// Removes rule set files of an earlier run that the index no longer lists (a rule set renamed
/// or a version dropped), so a folder copied to a web server holds exactly the index.
fn remove_unlisted(dir: &Path, index: &Index) -> anyhow::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().to_string();
        let published = name.ends_with(".json") && (2..=3).contains(&name.matches('.').count());
        let listed = |e: &toegang::ruleset::published::IndexEntry| {
            e.file == name || e.cases_file.as_deref() == Some(name.as_str())
        };
        if published && name != INDEX_FILE && !index.rule_sets.iter().any(listed) {
            std::fs::remove_file(dir.join(&name))?;
            remove_precompressed(&dir.join(&name))?;
            removed += 1;
        }
    }
    Ok(removed)
}
