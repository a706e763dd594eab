//! The commands of the `toegang` binary, one file each, and what they share.

pub mod advise;
pub mod check;
pub mod compare;
pub mod input;
pub mod list;
pub mod municipalities;
pub mod new;
pub mod population;
pub mod publish;
pub mod questions;
#[cfg(feature = "http")]
pub mod serve;

use std::process::ExitCode;

/// Pretty JSON on stdout.
pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

/// Success when nothing failed, else the exit code a script can test.
pub fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The reader of stdout went away (`| head`): nothing is wrong with toegang or its input.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(|io| io.kind()) == broken
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|json| json.io_error_kind())
                == broken
    })
}
