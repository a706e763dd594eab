//! Input as the CLI reads it from a file or stdin and HTTP from a request body, read so that no
//! input can exhaust memory or hide a mistake: one situation is at most [`MAX_INPUT_BYTES`]
//! (reading stops there, 1 GB on stdin is refused after 64 KiB), and a JSON-lines batch is read
//! line by line, each line too long or not UTF-8 becoming that line's own error while the other
//! lines go on.

use crate::error::Error;
use crate::situation::MAX_INPUT_BYTES;
use std::io::{BufRead, Read};

/// The text of one situation: at most [`MAX_INPUT_BYTES`], UTF-8. The outer error is the reader's
/// own (a closed stdin), the inner one what is wrong with the text.
pub fn situation_text(reader: impl Read) -> std::io::Result<Result<String, Error>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Ok(Err(too_long()));
    }
    Ok(utf8(bytes))
}

/// One line of a JSON-lines input: its number (from 1) and its text, or why it cannot be read.
pub type Line = (usize, Result<String, Error>);

/// The non-empty lines of a JSON-lines input. An I/O error ends the iteration with that error.
pub fn lines(reader: impl BufRead) -> impl Iterator<Item = std::io::Result<Line>> {
    let mut reader = reader;
    let mut number = 0;
    std::iter::from_fn(move || loop {
        number += 1;
        let raw = match next_line(&mut reader) {
            Ok(None) => return None,
            Ok(Some(raw)) => raw,
            Err(e) => return Some(Err(e)),
        };
        if let Some(text) = line_text(raw) {
            return Some(Ok((number, text)));
        }
    })
}

/// One line of a JSON-lines input from its bytes: `raw` ends with its `\n`, unless it is the last
/// line of the input or longer than [`MAX_INPUT_BYTES`] (then it may be cut anywhere after that
/// many bytes). Its text without the `\n` or `\r\n`; an error for a line over
/// [`MAX_INPUT_BYTES`] (a `\r` before the `\n` counted) or not UTF-8; `None` for a blank line,
/// which has no answer but keeps its number. `examples/advise-jsonl.mjs` reads a line by the same
/// rules (in JavaScript: this in the wasm module would weigh on its size budget), and
/// `tests/js/package.test.mjs` checks its lines against the CLI's byte for byte.
pub fn line_text(mut raw: Vec<u8>) -> Option<Result<String, Error>> {
    let ended = raw.last() == Some(&b'\n');
    if ended {
        raw.pop();
    }
    if raw.len() > MAX_INPUT_BYTES {
        return Some(Err(too_long()));
    }
    if ended && raw.last() == Some(&b'\r') {
        raw.pop();
    }
    let text = utf8(raw);
    if matches!(&text, Ok(t) if t.trim().is_empty()) {
        return None;
    }
    Some(text)
}

/// The next line's bytes as [`line_text`] takes them; a line longer than [`MAX_INPUT_BYTES`] is
/// cut after one byte more and skipped to its end (in bounded memory).
fn next_line(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let read = reader.by_ref().take(limit).read_until(b'\n', &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    if bytes.last() != Some(&b'\n') && bytes.len() as u64 == limit {
        skip_to_line_end(reader)?;
    }
    Ok(Some(bytes))
}

fn skip_to_line_end(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(end) => {
                reader.consume(end + 1);
                return Ok(());
            }
            None => {
                let all = buffer.len();
                reader.consume(all);
            }
        }
    }
}

fn too_long() -> Error {
    Error::input(
        "",
        format!("the situation is more than {MAX_INPUT_BYTES} bytes; at most {MAX_INPUT_BYTES} are accepted"),
    )
}

fn utf8(bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        Error::input(
            "",
            format!(
                "not UTF-8 text (at byte {}); save the file as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> Vec<(usize, Result<String, String>)> {
        lines(input)
            .map(|l| {
                let (n, text) = l.unwrap();
                (n, text.map_err(|e| e.to_string()))
            })
            .collect()
    }

    #[test]
    fn each_bad_line_is_its_own_error_and_the_others_go_on() {
        let mut input = b"{\"a\":1}\r\n\n".to_vec();
        input.extend_from_slice(b"\xff\xfe\n");
        input.extend(std::iter::repeat_n(b'x', MAX_INPUT_BYTES + 10));
        input.extend_from_slice(b"\n{\"b\":2}");
        let lines = read(&input);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], (1, Ok("{\"a\":1}".into())));
        assert_eq!(lines[1].0, 3);
        assert!(lines[1].1.as_ref().unwrap_err().contains("not UTF-8"));
        assert_eq!(lines[2].0, 4);
        assert!(lines[2]
            .1
            .as_ref()
            .unwrap_err()
            .contains("more than 65536 bytes"));
        assert_eq!(lines[3], (5, Ok("{\"b\":2}".into())));
    }

    /// What `adviseLine` sees of an input split at every `\n` by its caller (the Node example):
    /// every line whole, with its `\n`, or cut one byte past the limit.
    fn read_split(input: &[u8]) -> Vec<(usize, Result<String, String>)> {
        let cut = |line: &[u8]| line[..line.len().min(MAX_INPUT_BYTES + 1)].to_vec();
        input
            .split_inclusive(|&b| b == b'\n')
            .enumerate()
            .filter_map(|(i, line)| line_text(cut(line)).map(|t| (i + 1, t)))
            .map(|(n, t)| (n, t.map_err(|e| e.to_string())))
            .collect()
    }

    #[test]
    fn a_line_read_whole_or_cut_gives_what_the_reader_gives() {
        let line = |n: usize, end: &[u8]| [vec![b' '; n], end.to_vec()].concat();
        let mut input = Vec::new();
        for n in [
            MAX_INPUT_BYTES - 1,
            MAX_INPUT_BYTES,
            MAX_INPUT_BYTES + 1,
            3 * MAX_INPUT_BYTES,
        ] {
            for end in [
                &b"\n"[..],
                b"\r\n",
                b"\r\r\n",
                b"\xff\n",
                b"{}\r\n",
                b"\n\n",
            ] {
                input.extend(line(n - 2, end));
            }
        }
        for last in [&b""[..], b"\r", b"{}\r", b"\xc3"] {
            let mut input = input.clone();
            input.extend_from_slice(last);
            let whole = read(&input);
            assert!(whole.iter().filter(|l| l.1.is_err()).count() > 10);
            assert_eq!(read_split(&input), whole, "ending with {last:?}");
        }
        let lone = line(MAX_INPUT_BYTES + 1, b"");
        assert!(read(&lone)[0].1.as_ref().unwrap_err().contains("more than"));
        assert_eq!(read_split(&lone), read(&lone));
    }

    #[test]
    fn one_situation_stops_reading_at_the_limit() {
        let endless = std::io::repeat(b' ');
        let error = situation_text(endless).unwrap().unwrap_err();
        assert!(
            error.to_string().contains("more than 65536 bytes"),
            "{error}"
        );
    }
}
